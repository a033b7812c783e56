/**
 * Bruker DIFFRAC.SUITE .brml: a ZIP holding Experiment<N>/RawData<M>.xml (with or without a
 * top folder named after the file). Each measured <DataRoute> of each RawData file is a scan.
 *
 * <Datum> holds comma-separated values: time, a flag, one position per scan axis, the count
 * last. Layouts seen: 4 values (TwoTheta scan), 5 (TwoTheta, Theta), 7 (target and actual
 * positions of TwoTheta and Theta). The 2theta column is found from the ScanAxisInfo list
 * (the TwoTheta axis at index k is value 2 + k), never from a fixed column; when a datum is too
 * short for that, 2theta comes from the axis Start + i * Increment.
 *
 * Metadata: sample name (InfoItem SampleName), time per step, tube (anode, WaveLengthAlpha1,
 * WaveLengthAlpha2, WaveLengthRatio), radius (secondary track, else primary), monochromator:
 * a primary-track optic of class /Monochromator/ (e.g. Johansson) means Ka1 only, whatever the
 * generic tube wavelength fields say; axial Soller collimators of each track (their AxialDivergence, deg).
 * A scan whose axes leave out Theta moved the detector alone, the specimen held where the fixed Theta drive
 * says (detectorScanSampleDeg); on a capillary stage (a goniometer-centre stage named Capillary) that is a
 * transmission (Debye-Scherrer) measurement, and the pattern's geometry says so.
 */
import type { Pattern, PatternFile, PatternMetadata } from '../pattern.js';
import { buildPattern, clip, decodeText, defined, fail, kAlphaLines, lineAt, normaliseAnode, optionalNumber, requireNumber } from './common.js';
import { johanssonGe111TwoThetaDeg } from '../../profile/passband.js';
import { attr, child, children, parseXml, text, walk, type XNode } from './xml.js';
import { unzipMembers, zipNames } from './zip.js';

const RAWDATA_RE = /(?:^|\/)Experiment(\d+)\/RawData(\d+)\.xml$/i;

export function isBrmlMember(names: string[]): boolean {
  return names.some((n) => RAWDATA_RE.test(n));
}

export function readBrml(bytes: Uint8Array, file: string): PatternFile {
  const names = zipNames(bytes, file).filter((n) => RAWDATA_RE.test(n));
  if (!names.length) fail(file, 'no Experiment*/RawData*.xml in the archive: not a .brml file', { offset: 0 });
  const key = (n: string) => {
    const m = RAWDATA_RE.exec(n)!;
    return [Number(m[1]), Number(m[2])];
  };
  names.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1];
  });
  const members = unzipMembers(bytes, file, (n) => names.includes(n));
  const scans: Pattern[] = [];
  for (const name of names) {
    const data = members[name];
    if (!data) fail(file, `could not extract ${clip(name)}`, { offset: 0 });
    scans.push(...readRawData(decodeText(data), `${file} [${name}]`));
  }
  if (!scans.length) fail(file, 'no measured 2theta scan in the archive', { offset: 0 });
  return { file, format: 'brml', scans };
}

interface DatumRun {
  values: string[];
  offsets: number[];
}

const ARRAY_TAGS = new Set(['DataRoute', 'ScanAxisInfo', 'SubScanInfo', 'InfoData', 'InfoItem', 'TrackInfoData']);

function readRawData(xml: string, file: string): Pattern[] {
  // Cut the <Datum> elements out (keeping every newline, so line numbers stay true) and keep
  // them per <DataRoute>; the remaining metadata XML is small and fast to parse.
  const routeStarts: number[] = [];
  for (let i = xml.indexOf('<DataRoute'); i >= 0; i = xml.indexOf('<DataRoute', i + 1)) {
    const c = xml.charCodeAt(i + 10);
    if (c === 32 || c === 62 || c === 9 || c === 10 || c === 13) routeStarts.push(i); // not <DataRoutes>
  }
  const runs: DatumRun[] = routeStarts.map(() => ({ values: [], offsets: [] }));
  const parts: string[] = [];
  let last = 0;
  let route = -1;
  for (let i = xml.indexOf('<Datum>'); i >= 0; i = xml.indexOf('<Datum>', i + 7)) {
    const end = xml.indexOf('</Datum>', i + 7);
    if (end < 0) fail(file, '<Datum> without </Datum>', { line: lineAt(xml, i) });
    while (route + 1 < routeStarts.length && routeStarts[route + 1] < i) route++;
    if (route < 0) fail(file, '<Datum> outside any <DataRoute>', { line: lineAt(xml, i) });
    runs[route].values.push(xml.slice(i + 7, end));
    runs[route].offsets.push(i);
    parts.push(xml.slice(last, i));
    last = end + 8;
    i = end;
  }
  parts.push(xml.slice(last));
  const doc = parseXml(parts.join(''), file, ARRAY_TAGS);
  const root = child(doc, 'RawData');
  if (!root) fail(file, 'no <RawData> root element', { line: 1 });
  const routes = children(child(root, 'DataRoutes'), 'DataRoute');
  if (routes.length !== runs.length) fail(file, `found ${runs.length} <DataRoute> elements but parsed ${routes.length}`, { line: 1 });
  const held = heldSpecimen(root);
  const base = instrumentMeta(root, held);
  const measured = routes.map((_, k) => k).filter((k) => (attr(routes[k], 'RouteFlag') ?? 'Measured') === 'Measured');
  const use = measured.length ? measured : routes.map((_, k) => k);
  const scans: Pattern[] = [];
  for (const k of use) {
    const lineOfRoute = () => lineAt(xml, routeStarts[k]);
    scans.push(...routeScans(file, xml, routes[k], runs[k], base, held, lineOfRoute));
  }
  return scans;
}

function instrumentMeta(root: XNode, held: ReturnType<typeof heldSpecimen>): PatternMetadata {
  let sample: string | undefined;
  let tube: XNode | undefined;
  walk(root, (tag, n) => {
    if (tag === 'InfoItem' && attr(n, 'Name') === 'SampleName' && sample === undefined) sample = attr(n, 'Value');
    if (tag === 'Tube' && tube === undefined && child(n, 'WaveLengthAlpha1')) tube = n;
  });
  const instrument = child(root, 'FixedInformation', 'Instrument');
  const primary = child(instrument, 'PrimaryTracks');
  const secondary = child(instrument, 'SecondaryTracks');
  const radius = (tracks: XNode | undefined) => optionalNumber(attr(child(tracks, 'TrackInfoData', 'Radius'), 'Value'));
  const mono = (tracks: XNode | undefined) => {
    let found: string | undefined;
    walk(tracks, (_tag, n) => {
      const cp = attr(n, 'ClassPath') ?? '';
      if (/\/Monochromator\b/i.test(cp)) found ??= cp.split('/').pop() || 'monochromator';
    });
    return found;
  };
  // axial Sollers on a track: <InfoData xsi:type="SollerInfoData"> with <AxialDivergence Value="2.5"> (deg as
  // quoted; 0 is Bruker's "No Soller"); of two in a row the narrower limits
  const soller = (tracks: XNode | undefined) => {
    let found: number | undefined;
    walk(tracks, (tag, n) => {
      if (tag !== 'InfoData' || !/Soller/i.test(attr(n, 'type') ?? '')) return;
      const v = optionalNumber(attr(child(n, 'AxialDivergence'), 'Value'));
      if (v !== undefined && v > 0) found = Math.min(found ?? Infinity, v);
    });
    return found;
  };
  const pSoller = soller(primary);
  const sSoller = soller(secondary);
  const pMono = mono(primary);
  const johansson = !!pMono && /johansson/i.test(pMono);
  const sMono = mono(secondary);
  const a1 = optionalNumber(attr(child(tube, 'WaveLengthAlpha1'), 'Value'));
  const a2 = optionalNumber(attr(child(tube, 'WaveLengthAlpha2'), 'Value'));
  const ratio = optionalNumber(attr(child(tube, 'WaveLengthRatio'), 'Value'));
  const rSec = radius(secondary);
  const rPri = radius(primary);
  const r = rSec !== undefined && rSec > 0 ? rSec : rPri !== undefined && rPri > 0 ? rPri : undefined;
  return {
    format: 'brml',
    anode: normaliseAnode(text(tube, 'TubeMaterial')),
    wavelengths: kAlphaLines(a1, a2, ratio, { ka1Only: pMono !== undefined }),
    goniometerRadiusMm: r,
    // the polarizing angle: the file names the optic, not its crystal; Bruker's Johansson optics are Ge(111)
    ...(johansson && a1 !== undefined ? { monochromatorTwoThetaDeg: johanssonGe111TwoThetaDeg(a1) } : {}),
    ...(pSoller !== undefined ? { primarySollerDeg: pSoller } : {}),
    ...(johansson ? { incidentMonochromator: 'johansson' } : {}),
    ...(sSoller !== undefined ? { secondarySollerDeg: sSoller } : {}),
    sampleName: sample,
    extra: defined({
      primaryMonochromator: pMono,
      secondaryMonochromator: sMono,
      primaryRadiusMm: rPri,
      secondaryRadiusMm: rSec,
      goniometerType: text(instrument, 'GoniometerType'),
      sampleStage: held.stageName,
      heldThetaDeg: held.thetaDeg,
    }),
  };
}

/** The specimen stage (a capillary stage means a transmission specimen) and the Theta drive held during the scans. */
function heldSpecimen(root: XNode): { stageName: string | undefined; thetaDeg: number | undefined; capillary: boolean } {
  const stage = child(root, 'FixedInformation', 'Instrument', 'GoniometerCenter', 'Stage');
  const stageName = [attr(stage, 'LogicName'), attr(stage, 'VisibleName')].filter((x) => x && !x.startsWith('?')).join(' ') || undefined;
  const drives = children(child(root, 'FixedInformation', 'Drives'), 'InfoData');
  const theta = drives.find((d) => attr(d, 'AxisId') === 'Theta');
  return { stageName, thetaDeg: optionalNumber(attr(child(theta, 'Position'), 'Value')), capillary: /capillary/i.test(stageName ?? '') };
}

function routeScans(
  file: string,
  xml: string,
  route: XNode,
  run: DatumRun,
  base: PatternMetadata,
  held: ReturnType<typeof heldSpecimen>,
  routeLine: () => number,
): Pattern[] {
  const info = child(route, 'ScanInformation');
  const axes = children(child(info, 'ScanAxes'), 'ScanAxisInfo');
  const ti = axes.findIndex((a) => attr(a, 'AxisId') === 'TwoTheta' || attr(a, 'AxisName') === 'TwoTheta');
  if (ti < 0) {
    const names = axes.map((a) => attr(a, 'AxisId') ?? '?').join(', ') || 'none';
    fail(file, `scan axes (${names}) include no TwoTheta: not a 2theta scan`, { line: routeLine() });
  }
  const axis = axes[ti];
  // the detector alone moved (no Theta axis) with the specimen held: on a capillary stage, transmission
  const detectorOnly = !axes.some((a) => /^(Theta|Omega)$/i.test(attr(a, 'AxisId') ?? '')) && held.thetaDeg !== undefined;
  const start = optionalNumber(text(axis, 'Start'));
  const inc = optionalNumber(text(axis, 'Increment'));
  const tps = optionalNumber(text(info, 'TimePerStep'));
  const n = run.values.length;
  if (!n) fail(file, 'the data route holds no <Datum>', { line: routeLine() });
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const col = 2 + ti;
  for (let i = 0; i < n; i++) {
    const where = () => ({ line: lineAt(xml, run.offsets[i]) });
    const v = run.values[i].split(',');
    if (v.length < 3) fail(file, `<Datum> has ${v.length} values, at least 3 expected`, where());
    y[i] = parseField(file, v[v.length - 1], 'count', where);
    if (col < v.length - 1) x[i] = parseField(file, v[col], '2theta', where);
    else {
      if (start === undefined || inc === undefined) fail(file, '<Datum> has no 2theta value and the axis no Start/Increment', where());
      x[i] = start + i * inc;
    }
  }
  // a multi-scan route restarts 2theta for each sub-scan: split by the SubScanInfo step counts
  const subs = children(child(route, 'SubScans'), 'SubScanInfo').map((s) => Number(attr(s, 'MeasuredSteps') ?? attr(s, 'Steps')));
  const bounds: [number, number][] = [];
  if (subs.length > 1 && subs.every((k) => Number.isInteger(k) && k > 0) && subs.reduce((a, b) => a + b, 0) === n) {
    let s0 = 0;
    for (const k of subs) {
      bounds.push([s0, s0 + k]);
      s0 += k;
    }
  } else bounds.push([0, n]);
  return bounds.map(([a, b], k) =>
    buildPattern({
      file,
      twoTheta: x.subarray(a, b),
      counts: y.subarray(a, b),
      meta: {
        ...base,
        ...(detectorOnly ? { detectorScanSampleDeg: held.thetaDeg, ...(held.capillary ? { geometry: 'transmission' as const } : {}) } : {}),
        stepDeg: inc !== undefined && inc > 0 ? inc : undefined,
        countTimeS: tps !== undefined && tps > 0 ? tps : undefined,
        extra: defined({
          ...base.extra,
          scanName: attr(info, 'VisibleName') ?? attr(info, 'ScanName'),
          subScan: bounds.length > 1 ? k + 1 : undefined,
          datumValues: run.values[a]?.split(',').length,
        }),
      },
      locate: (i) => ({ line: i >= 0 ? lineAt(xml, run.offsets[a + i]) : routeLine() }),
    }),
  );
}

function parseField(file: string, tok: string, what: string, where: () => { line: number }): number {
  const v = Number(tok);
  if (tok.trim() !== '' && Number.isFinite(v)) return v;
  return requireNumber(file, tok.trim(), what, where());
}
