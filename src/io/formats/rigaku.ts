/**
 * Rigaku SmartLab / SmartLab Studio files.
 *
 * .ras (text, Latin-1): *RAS_DATA_START, then per scan a *RAS_HEADER_START ... *RAS_HEADER_END
 * block of `*KEY "value"` lines and a *RAS_INT_START ... *RAS_INT_END block of
 * "2theta intensity attenuator-factor" lines; *RAS_DATA_END closes the file.
 *
 * .rasx (ZIP): Data<N>/Profile<M>.txt (tab-separated 2theta, intensity, attenuator factor;
 * possibly with a UTF-8 byte-order mark) and Data<N>/MesurementConditions<M>.xml (sic) with the
 * sample, X-ray generator, distances and scan information.
 *
 * Counts = intensity * attenuator factor; sigma = factor * sqrt(max(intensity, 1)). When the
 * intensity unit is cps it is multiplied by the time per step (step / speed for continuous
 * scans in deg/min, the speed itself for step scans in seconds).
 * Wavelengths: wave type "Ka1" means Ka1 only; "Ka" Ka1 + Ka2 with the file's wavelengths and the
 * ratio 0.5 (the file states none); "Kb" the Kb line. Radius: source-to-sample distance
 * (HW_GONIOMETER_RADIUS-3, Distance to AttachmentStage), 300 mm on a SmartLab.
 * Only scans whose axis moves 2theta (TwoTheta, TwoThetaOmega, TwoThetaTheta, ...) are read.
 */
import type { Pattern, PatternFile, PatternMetadata, Wavelength } from '../pattern.js';
import { buildPattern, clip, decodeText, defined, fail, kAlphaLines, normaliseAnode, optionalNumber, requireNumber, splitLines } from './common.js';
import { attr, child, children, parseXml, text, type XNode } from './xml.js';
import { unzipMembers, zipNames } from './zip.js';

export function sniffRas(head: string): boolean {
  return /^\s*\*RAS_(DATA|HEADER)_START/m.test(head);
}

/** The metadata facts both flavours give, under neutral names. */
interface RigakuFacts {
  sample?: string;
  target?: string;
  waveType?: string;
  a1?: number;
  a2?: number;
  kb?: number;
  radius?: number;
  axis?: string;
  mode?: string;
  step?: number;
  speed?: number;
  speedUnit?: string;
  unitY?: string;
  operator?: string;
  start?: string;
}

function wavelengths(f: RigakuFacts): Wavelength[] | undefined {
  const wt = (f.waveType ?? '').trim().toLowerCase();
  if (wt === 'kb' || wt === 'kbeta') return f.kb && f.kb > 0 ? [{ lambda: f.kb, weight: 1, label: 'Kb' }] : undefined;
  return kAlphaLines(f.a1, f.a2, undefined, { ka1Only: wt === 'ka1' });
}

/** Seconds per point, when the file says enough to know it. */
function timePerStep(f: RigakuFacts): number | undefined {
  const unit = (f.speedUnit ?? '').toLowerCase();
  if (f.speed === undefined || !(f.speed > 0)) return undefined;
  if (unit.includes('min')) return f.step !== undefined && f.step > 0 ? (Math.abs(f.step) / f.speed) * 60 : undefined;
  if (unit.startsWith('s')) return f.speed;
  return undefined;
}

function isTwoThetaAxis(axis: string | undefined): boolean {
  if (!axis) return true; // not stated: take the first column as 2theta
  return /^(two\s*theta|2-?theta)/i.test(axis.trim());
}

function scanFromColumns(
  file: string,
  format: string,
  rows: { x: number; y: number; att: number; line: number }[],
  f: RigakuFacts,
  scanNo: number,
  blockLine: number,
): Pattern {
  const n = rows.length;
  const tps = timePerStep(f);
  const cps = (f.unitY ?? 'counts').trim().toLowerCase() === 'cps';
  if (cps && tps === undefined) fail(file, 'intensities are in cps but the scan speed does not give a counting time', { line: blockLine });
  const scale = cps ? tps! : 1;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const raw = r.y * scale;
    x[i] = r.x;
    y[i] = raw * r.att;
    s[i] = r.att * Math.sqrt(Math.max(raw, 1));
  }
  const meta: PatternMetadata = {
    format,
    anode: normaliseAnode(f.target),
    wavelengths: wavelengths(f),
    stepDeg: f.step !== undefined && f.step > 0 ? f.step : undefined,
    countTimeS: tps,
    goniometerRadiusMm: f.radius !== undefined && f.radius > 0 ? f.radius : undefined,
    sampleName: f.sample,
    extra: defined({
      scan: scanNo,
      scanAxis: f.axis,
      scanMode: f.mode,
      waveType: f.waveType,
      scanSpeed: f.speed !== undefined ? `${f.speed} ${f.speedUnit ?? ''}`.trim() : undefined,
      operator: f.operator,
      started: f.start,
      intensityUnit: cps ? 'cps (converted to counts)' : undefined,
    }),
  };
  return buildPattern({ file, twoTheta: x, counts: y, sigma: s, meta, locate: (i) => ({ line: i >= 0 ? rows[i].line : blockLine }) });
}

/** "x y [att]" rows between `from` and the first line for which `stop` is true. */
function readRows(
  file: string,
  lines: string[],
  from: number,
  stop: (t: string) => boolean,
): { rows: { x: number; y: number; att: number; line: number }[]; next: number; closed: boolean } {
  const rows: { x: number; y: number; att: number; line: number }[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const t = lines[i].trim();
    if (stop(t)) return { rows, next: i, closed: true };
    if (!t) continue;
    const where = { line: i + 1 };
    const f = t.split(/[\s,]+/);
    if (f.length < 2) fail(file, `expected "2theta intensity [attenuator]", found "${clip(t)}"`, where);
    const x = requireNumber(file, f[0], '2theta', where);
    const y = requireNumber(file, f[1], 'intensity', where);
    const att = f.length > 2 ? requireNumber(file, f[2], 'attenuator factor', where) : 1;
    if (!(att > 0)) fail(file, `attenuator factor ${f[2]} must be > 0`, where);
    rows.push({ x, y, att, line: i + 1 });
  }
  return { rows, next: i, closed: false };
}

// ------------------------------------------------------------------ .ras

const KEY_RE = /^\*([A-Za-z0-9_\-]+)\s*(.*)$/;

export function readRas(bytes: Uint8Array, file: string): PatternFile {
  const lines = splitLines(decodeText(bytes, 'latin1'));
  let lastLine = lines.length; // the last line that is not blank: where a truncated file ends
  while (lastLine > 1 && !lines[lastLine - 1].trim()) lastLine--;
  const scans: Pattern[] = [];
  const skipped: string[] = [];
  let header: Record<string, string> = {};
  let inHeader = false;
  // line of a *RAS_HEADER_START whose data block has not come yet: a file cut there must not pass as complete
  let pendingHeader = 0;
  let scanNo = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t) continue;
    if (t.startsWith('*RAS_HEADER_START')) {
      header = {};
      inHeader = true;
      pendingHeader = i + 1;
      continue;
    }
    if (t.startsWith('*RAS_HEADER_END')) {
      inHeader = false;
      continue;
    }
    if (t.startsWith('*RAS_INT_START')) {
      scanNo++;
      const block = readRows(file, lines, i + 1, (s) => s.startsWith('*'));
      if (!block.closed || !lines[block.next].trim().startsWith('*RAS_INT_END')) {
        fail(file, `data block of scan ${scanNo} is not closed by *RAS_INT_END: file truncated?`, { line: Math.min(block.next + 1, lastLine) });
      }
      const facts = rasFacts(header);
      if (isTwoThetaAxis(facts.axis)) scans.push(scanFromColumns(file, 'rigaku-ras', block.rows, facts, scanNo, i + 1));
      else skipped.push(`scan ${scanNo} (${clip(facts.axis ?? '')})`);
      i = block.next;
      pendingHeader = 0;
      continue;
    }
    if (t.startsWith('*RAS_DATA_START') || t.startsWith('*RAS_DATA_END') || t.startsWith('*RAS_INT_END')) continue;
    const m = KEY_RE.exec(t);
    if (!m) fail(file, `expected a "*KEY value" line, found "${clip(t)}"`, { line: i + 1 });
    if (inHeader) header[m[1]] = m[2].trim().replace(/^"(.*)"$/, '$1').trim();
  }
  if (pendingHeader) {
    const what = inHeader ? 'is not closed by *RAS_HEADER_END' : 'has no data block (*RAS_INT_START)';
    fail(file, `scan header of line ${pendingHeader} ${what}: file truncated?`, { line: lastLine });
  }
  if (!scans.length) {
    fail(file, skipped.length ? `no 2theta scan: ${skipped.join(', ')}` : 'no *RAS_INT_START data block', { line: lastLine });
  }
  return { file, format: 'rigaku-ras', scans };
}

function rasFacts(h: Record<string, string>): RigakuFacts {
  return {
    sample: h.FILE_SAMPLE,
    operator: h.FILE_OPERATOR,
    target: h.HW_XG_TARGET_NAME,
    waveType: h.MEAS_COND_XG_WAVE_TYPE,
    a1: optionalNumber(h.HW_XG_WAVE_LENGTH_ALPHA1),
    a2: optionalNumber(h.HW_XG_WAVE_LENGTH_ALPHA2),
    kb: optionalNumber(h.HW_XG_WAVE_LENGTH_BETA),
    radius: optionalNumber(h['HW_GONIOMETER_RADIUS-3']),
    axis: h.MEAS_SCAN_AXIS_X_INTERNAL ?? h.MEAS_SCAN_AXIS_X,
    mode: h.MEAS_SCAN_MODE,
    step: optionalNumber(h.MEAS_SCAN_STEP),
    speed: optionalNumber(h.MEAS_SCAN_SPEED),
    speedUnit: h.MEAS_SCAN_SPEED_UNIT,
    unitY: h.MEAS_SCAN_UNIT_Y,
    start: h.MEAS_SCAN_START_TIME,
  };
}

// ------------------------------------------------------------------ .rasx

const PROFILE_RE = /(?:^|\/)Data(\d+)\/Profile(\d+)\.txt$/i;
const CONDITIONS_RE = /(?:^|\/)Data(\d+)\/Me(?:a)?surementConditions(\d+)\.xml$/i;

export function isRasxMember(names: string[]): boolean {
  return names.some((n) => PROFILE_RE.test(n));
}

export function readRasx(bytes: Uint8Array, file: string): PatternFile {
  const names = zipNames(bytes, file);
  const profiles = names.filter((n) => PROFILE_RE.test(n));
  if (!profiles.length) fail(file, 'no Data*/Profile*.txt in the archive: not a .rasx file', { offset: 0 });
  const key = (n: string, re: RegExp) => {
    const m = re.exec(n)!;
    return `${Number(m[1])}/${Number(m[2])}`;
  };
  profiles.sort((a, b) => {
    const [a1, a2] = key(a, PROFILE_RE).split('/').map(Number);
    const [b1, b2] = key(b, PROFILE_RE).split('/').map(Number);
    return a1 - b1 || a2 - b2;
  });
  const conds = new Map(names.filter((n) => CONDITIONS_RE.test(n)).map((n) => [key(n, CONDITIONS_RE), n]));
  const members = unzipMembers(bytes, file, (n) => profiles.includes(n) || [...conds.values()].includes(n));
  const scans: Pattern[] = [];
  const skipped: string[] = [];
  let scanNo = 0;
  for (const prof of profiles) {
    scanNo++;
    const k = key(prof, PROFILE_RE);
    const condName = conds.get(k);
    const facts: RigakuFacts = condName && members[condName] ? rasxFacts(members[condName], `${file} [${condName}]`) : {};
    if (!isTwoThetaAxis(facts.axis)) {
      skipped.push(`${clip(prof)} (${clip(facts.axis ?? '')})`);
      continue;
    }
    const data = members[prof];
    if (!data) fail(file, `could not extract ${clip(prof)}`, { offset: 0 });
    const where = `${file} [${prof}]`;
    const lines = splitLines(decodeText(data));
    const block = readRows(where, lines, 0, () => false);
    scans.push(scanFromColumns(where, 'rigaku-rasx', block.rows, facts, scanNo, 1));
  }
  if (!scans.length) fail(file, `no 2theta scan: ${skipped.join(', ')}`, { offset: 0 });
  return { file, format: 'rigaku-rasx', scans };
}

function rasxFacts(bytes: Uint8Array, file: string): RigakuFacts {
  const doc = parseXml(decodeText(bytes), file, new Set(['Distance', 'Pair']));
  const mc = child(doc, 'MeasurementConditions');
  if (!mc) fail(file, 'no <MeasurementConditions> root element', { line: 1 });
  const gen = child(mc, 'HWConfigurations', 'XrayGenerator');
  const scan = child(mc, 'ScanInformation');
  const dist = children(child(mc, 'HWConfigurations', 'Distances'), 'Distance');
  const toSample = dist.find((d: XNode) => attr(d, 'To') === 'AttachmentStage' && attr(d, 'From') === 'XrayGenerator');
  return {
    sample: text(mc, 'GeneralInformation', 'SampleName') || undefined,
    operator: text(mc, 'GeneralInformation', 'Operator') || undefined,
    target: text(gen, 'TargetName'),
    waveType: text(gen, 'WaveType'),
    a1: optionalNumber(text(gen, 'WavelengthKalpha1')),
    a2: optionalNumber(text(gen, 'WavelengthKalpha2')),
    kb: optionalNumber(text(gen, 'WavelengthKbeta')),
    radius: optionalNumber(attr(toSample, 'Value')),
    axis: text(scan, 'AxisName'),
    mode: text(scan, 'Mode'),
    step: optionalNumber(text(scan, 'Step')),
    speed: optionalNumber(text(scan, 'Speed')),
    speedUnit: text(scan, 'SpeedUnit'),
    unitY: text(scan, 'IntensityUnit'),
    start: text(scan, 'StartTime'),
  };
}
