/**
 * PANalytical / Malvern Panalytical XRDML (schema 1.0 to 2.x).
 *
 * Per <xrdMeasurement>, each <scan> whose 2Theta positions move becomes one pattern:
 * - 2theta from <positions axis="2Theta"> as startPosition/endPosition (evenly spaced over
 *   the points) or listPositions;
 * - values from <intensities> (1.x; already corrected for the beam attenuator) or <counts>
 *   (2.x; raw detector counts, multiplied here by beamAttenuationFactors or
 *   commonBeamAttenuationFactor); a unit of "cps" is multiplied by the counting time;
 * - sigma = f * sqrt(max(raw counts, 1)) with f the attenuation factor of the point;
 * - counting time from commonCountingTime (or the countingTimes list);
 * - wavelengths from usedWavelength (kAlpha1, kAlpha2, ratioKAlpha2KAlpha1). Ka1 only when the
 *   ratio is 0 or the incident beam path holds a monochromator (a Johansson or hybrid
 *   monochromator); the "intended" attribute alone is not taken as proof (Data Collector writes
 *   "K-Alpha 1" for Ni-filtered Ka1+Ka2 set-ups too), it is kept in extra.intendedWavelength.
 */
import type { Pattern, PatternFile, PatternMetadata } from '../pattern.js';
import { buildPattern, clip, decodeText, defined, fail, kAlphaLines, lineAt, normaliseAnode, optionalNumber, parseNumberToken, requireNumber } from './common.js';
import { attr, child, children, parseXml, text, walk, type XNode } from './xml.js';

export function sniffXrdml(head: string): boolean {
  return /<\s*(?:\w+:)?xrdMeasurements[\s>]/.test(head);
}

const ARRAY_TAGS = new Set(['xrdMeasurement', 'scan', 'positions']);

export function readXrdml(bytes: Uint8Array, file: string): PatternFile {
  const xml = decodeText(bytes);
  const doc = parseXml(xml, file, ARRAY_TAGS);
  const root = child(doc, 'xrdMeasurements');
  if (!root) fail(file, 'no <xrdMeasurements> root element: not an XRDML file', { line: 1 });
  const version = /xrdml\.com\/XRDMeasurement\/([0-9.]+)/.exec(xml.slice(0, 4000))?.[1];
  const sampleName = text(root, 'sample', 'name') || text(root, 'sample', 'id') || undefined;

  // offsets of every <dataPoints> in document order, to name a line on a data error
  const dpOffsets: number[] = [];
  for (let i = xml.indexOf('<dataPoints'); i >= 0; i = xml.indexOf('<dataPoints', i + 1)) dpOffsets.push(i);

  const scans: Pattern[] = [];
  const skipped: string[] = [];
  let scanIndex = 0;
  const measurements = children(root, 'xrdMeasurement');
  for (const m of measurements) {
    const base = measurementMeta(m, version, sampleName);
    for (const s of children(m, 'scan')) {
      const dpOffset = dpOffsets[scanIndex] ?? 0;
      scanIndex++;
      const p = readScan(file, xml, s, base, dpOffset, scanIndex, skipped);
      if (p) scans.push(p);
    }
  }
  if (!scans.length) {
    const why = skipped.length ? skipped.join('; ') : 'no <scan> element';
    fail(file, `no 2theta scan in the file (${why})`, { line: dpOffsets.length ? lineAt(xml, dpOffsets[0]) : 1 });
  }
  return { file, format: 'xrdml', scans };
}

function measurementMeta(m: XNode, version: string | undefined, sampleName: string | undefined): PatternMetadata {
  const wl = child(m, 'usedWavelength');
  const a1 = optionalNumber(text(wl, 'kAlpha1'));
  const a2 = optionalNumber(text(wl, 'kAlpha2'));
  const ratio = optionalNumber(text(wl, 'ratioKAlpha2KAlpha1'));
  const inc = child(m, 'incidentBeamPath');
  const dif = child(m, 'diffractedBeamPath');
  const incMono = hasMonochromator(inc);
  const difMono = hasMonochromator(dif);
  const radius = optionalNumber(text(dif, 'radius')) ?? optionalNumber(text(inc, 'radius'));
  return {
    format: 'xrdml',
    anode: normaliseAnode(text(inc, 'xRayTube', 'anodeMaterial')),
    wavelengths: kAlphaLines(a1, a2, ratio, { ka1Only: incMono }),
    goniometerRadiusMm: radius !== undefined && radius > 0 ? radius : undefined,
    sampleName,
    extra: defined({
      version,
      intendedWavelength: attr(wl, 'intended'),
      kBeta: optionalNumber(text(wl, 'kBeta')),
      monochromator: incMono ? 'incident beam' : difMono ? 'diffracted beam' : undefined,
      kV: optionalNumber(text(inc, 'xRayTube', 'tension')),
      mA: optionalNumber(text(inc, 'xRayTube', 'current')),
    }),
  };
}

/** A monochromator element, an optic named "...monochromator..." or a hybrid mirror. */
function hasMonochromator(path: XNode | undefined): boolean {
  let found = false;
  walk(path, (tag, n) => {
    if (/monochromator/i.test(tag)) found = true;
    const name = attr(n, 'name') ?? '';
    if (/monochromator|johansson/i.test(name)) found = true;
    if (tag === 'xRayMirror' && attr(n, 'hybrid') === 'true') found = true;
  });
  return found;
}

/** The numbers of a list element; `lineOf(k)` names the line of token k, asked only when it is bad. */
function numbers(file: string, s: string | undefined, what: string, lineOf: (k: number) => number): number[] {
  if (s === undefined) return [];
  const t = s.trim();
  if (!t) return [];
  return t.split(/\s+/).map((tok, k) => {
    const v = parseNumberToken(tok);
    return v !== undefined && Number.isFinite(v) ? v : requireNumber(file, tok, what, { line: lineOf(k) });
  });
}

/**
 * Line of the k-th value of element `tag` in the <dataPoints> at `from` (for listPositions, the one under
 * <positions axis="2Theta">), found in the raw text only when an error needs it; `fallback` (the line of
 * <dataPoints>) when the raw text does not map token for token (entities, comments, CDATA).
 */
function valueLine(xml: string, from: number, tag: string, k: number, fallback: () => number): number {
  const end = xml.indexOf('</dataPoints', from);
  const stop = end < 0 ? xml.length : end;
  let at = from;
  if (tag === 'listPositions') {
    const pos = /<(?:\w+:)?positions\b[^>]*\baxis\s*=\s*["']2Theta["']/g;
    pos.lastIndex = from;
    const m = pos.exec(xml);
    if (!m || m.index > stop) return fallback();
    at = m.index;
  }
  const open = new RegExp(`<(?:\\w+:)?${tag}[\\s>/]`, 'g');
  open.lastIndex = at;
  const m = open.exec(xml);
  if (!m || m.index > stop) return fallback();
  const start = xml.indexOf('>', m.index) + 1;
  const close = xml.indexOf('<', start);
  if (start <= 0 || close < 0) return fallback();
  const content = xml.slice(start, close);
  if (content.includes('&')) return fallback();
  const tok = /\S+/g;
  for (let i = 0, t = tok.exec(content); t; i++, t = tok.exec(content)) if (i === k) return lineAt(xml, start + t.index);
  return fallback();
}

function readScan(
  file: string,
  xml: string,
  s: XNode,
  base: PatternMetadata,
  dpOffset: number,
  scanNo: number,
  skipped: string[],
): Pattern | undefined {
  const dp = child(s, 'dataPoints');
  let lineCache = 0;
  const line = () => (lineCache ||= lineAt(xml, dpOffset));
  if (!dp) fail(file, `scan ${scanNo} has no <dataPoints>`, { line: line() });
  const axis = attr(s, 'scanAxis') ?? '';
  const pos2t = children(dp, 'positions').find((p) => attr(p, 'axis') === '2Theta');
  if (!pos2t || (!child(pos2t, 'listPositions') && !child(pos2t, 'startPosition'))) {
    skipped.push(`scan ${scanNo} (${clip(axis) || 'unknown axis'}) does not move 2Theta`);
    return undefined;
  }
  const countsNode = child(dp, 'counts');
  const intNode = child(dp, 'intensities');
  const valNode = countsNode ?? intNode;
  if (!valNode) fail(file, `scan ${scanNo} has neither <intensities> nor <counts>`, { line: line() });
  const raw = countsNode !== undefined;
  const valTag = raw ? 'counts' : 'intensities';
  const lineOf = (tag: string) => (k: number) => valueLine(xml, dpOffset, tag, k, line);
  const values = numbers(file, text(valNode), raw ? 'count' : 'intensity', lineOf(valTag));
  const n = values.length;
  if (!n) fail(file, `scan ${scanNo} holds no data points`, { line: line() });

  let x: number[];
  const list = child(pos2t, 'listPositions');
  if (list) {
    x = numbers(file, text(list), '2theta position', lineOf('listPositions'));
    if (x.length !== n) fail(file, `scan ${scanNo}: ${x.length} 2theta positions for ${n} data points`, { line: line() });
  } else {
    const a = requireNumber(file, text(pos2t, 'startPosition'), '2theta startPosition', { line: line() });
    const b = requireNumber(file, text(pos2t, 'endPosition'), '2theta endPosition', { line: line() });
    x = new Array<number>(n);
    for (let i = 0; i < n; i++) x[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  }

  // attenuation factors (one per point or one common value)
  const attList = numbers(file, text(dp, 'beamAttenuationFactors'), 'attenuation factor', lineOf('beamAttenuationFactors'));
  const attCommon = optionalNumber(text(dp, 'commonBeamAttenuationFactor'));
  if (attList.length && attList.length !== n) {
    fail(file, `scan ${scanNo}: ${attList.length} attenuation factors for ${n} data points`, { line: line() });
  }
  const att = (i: number) => (attList.length ? attList[i] : attCommon ?? 1);
  for (let i = 0; i < attList.length; i++) {
    if (!(attList[i] > 0)) fail(file, `attenuation factor ${attList[i]} must be > 0`, { line: lineOf('beamAttenuationFactors')(i) });
  }
  // counting times
  const tCommon = optionalNumber(text(dp, 'commonCountingTime'));
  const tList = numbers(file, text(dp, 'countingTimes'), 'counting time', lineOf('countingTimes'));
  if (tList.length && tList.length !== n) fail(file, `scan ${scanNo}: ${tList.length} counting times for ${n} data points`, { line: line() });
  const unit = (attr(valNode, 'unit') ?? 'counts').toLowerCase();
  const cps = unit === 'cps' || unit === 'counts per second';
  const time = (i: number) => (tList.length ? tList[i] : tCommon);

  const y = new Float64Array(n);
  const sig = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = values[i];
    if (cps) {
      const t = time(i);
      if (t === undefined || !(t > 0)) fail(file, `scan ${scanNo}: intensities in cps but no counting time to make counts`, { line: line() });
      v *= t;
    }
    const f = att(i);
    const corrected = raw ? v * f : v;
    const rawCounts = raw ? v : v / f;
    y[i] = corrected;
    sig[i] = f * Math.sqrt(Math.max(rawCounts, 1));
  }
  const meta: PatternMetadata = {
    ...base,
    countTimeS: tCommon !== undefined && tCommon > 0 ? tCommon : undefined,
    extra: defined({
      ...base.extra,
      scan: scanNo,
      scanAxis: axis,
      scanMode: attr(s, 'mode'),
      status: attr(s, 'status'),
      intensityElement: raw ? 'counts' : 'intensities',
      attenuation: attList.length ? 'per point' : attCommon !== undefined ? attCommon : undefined,
      countingTimes: tList.length ? 'per point' : undefined,
    }),
  };
  // a point's line is that of its value (2theta errors name the point's 2theta in the message)
  return buildPattern({ file, twoTheta: x, counts: y, sigma: sig, meta, locate: (i) => ({ line: i >= 0 ? lineOf(valTag)(i) : line() }) });
}

