/**
 * Bruker (Siemens) DIFFRAC RAW binary files, little-endian, all four versions:
 *
 *   v1 "RAW "     DIFFRAC-AT: per range a 152-byte header (steps, time/step, step, start,
 *                 sample name, Ka1, Ka2, "following range" flag) then float32 counts.
 *   v2 "RAW2"     256-byte file header (range count, anode, Ka1, Ka2, Ka2/Ka1 ratio) and per
 *                 range a header of stated length (steps, time/step, step, start) then float32s.
 *   v3 "RAW1.01"  DIFFRAC plus: 712-byte file header (sample, radius, anode, Ka1, Ka2, ratio),
 *                 per range a 304-byte header + supplementary headers, then float32 counts.
 *   v4 "RAW4.00"  DIFFRAC.SUITE: 61-byte header, tagged metadata segments (10 = text items,
 *                 30 = tube/wavelengths), then ranges of 160-byte headers + drive segments +
 *                 data (4-byte float32 datums; 8-byte datums hold the float32 first).
 *
 * Offsets follow the published descriptions of these layouts (DIFFRAC plus XCH manual
 * appendix A as summarised in xylib's format notes); no vendor code is used.
 * Every range becomes one scan. Time per step is the counting time.
 */
import type { Pattern, PatternFile, PatternMetadata } from '../pattern.js';
import { BinaryReader, buildPattern, clip, defined, fail, kAlphaLines, normaliseAnode, stepAxis, tidyFloat32 } from './common.js';

export type RawVersion = 1 | 2 | 3 | 4;

export function sniffBrukerRaw(bytes: Uint8Array): RawVersion | null {
  if (bytes.length < 4) return null;
  const h = String.fromCharCode(...bytes.subarray(0, Math.min(7, bytes.length)));
  if (h.startsWith('RAW1.01')) return 3;
  if (h.startsWith('RAW4.00')) return 4;
  if (h.startsWith('RAW2')) return 2;
  if (h.startsWith('RAW ')) return 1;
  return null;
}

export function readBrukerRaw(bytes: Uint8Array, file: string): PatternFile {
  const v = sniffBrukerRaw(bytes);
  if (v === null) {
    const shown = String.fromCharCode(...bytes.subarray(0, 7)).replace(/[^\x20-\x7e]/g, '?');
    fail(file, `not a Bruker RAW file: expected "RAW ", "RAW2", "RAW1.01" or "RAW4.00", found "${shown}"`, { offset: 0 });
  }
  const r = new BinaryReader(bytes, file);
  const format = `bruker-raw-v${v}`;
  const scans = v === 1 ? readV1(r, format) : v === 2 ? readV2(r, format) : v === 3 ? readV3(r, format) : readV4(r, format);
  if (!scans.length) fail(file, 'the file holds no 2theta range', { offset: 0 });
  return { file, format, scans };
}

/** float32 counts at `offset`, after checking they are all inside the file. */
function counts(r: BinaryReader, offset: number, steps: number, datum = 4): Float64Array {
  r.need(offset, steps * datum, `${steps} data points`);
  const y = new Float64Array(steps);
  for (let i = 0; i < steps; i++) y[i] = r.f32(offset + i * datum, 'data point');
  return y;
}

function scan(
  r: BinaryReader,
  meta: PatternMetadata,
  start: number,
  step: number,
  y: Float64Array,
  dataOffset: number,
  headerOffset: number,
  datum = 4,
): Pattern {
  if (!Number.isFinite(start) || !Number.isFinite(step)) {
    fail(r.file, `range start or step is not finite (${start}, ${step})`, { offset: headerOffset });
  }
  start = tidyFloat32(start);
  step = tidyFloat32(step);
  return buildPattern({
    file: r.file,
    twoTheta: stepAxis(start, step, y.length),
    counts: y,
    meta: { ...meta, stepDeg: Math.abs(step) > 0 ? Math.abs(step) : undefined },
    locate: (i) => ({ offset: i >= 0 ? dataOffset + i * datum : headerOffset }),
  });
}

/** A finite value (float32 ones tidied to the decimal written), else undefined. */
function finiteOrUndef(v: number): number | undefined {
  return Number.isFinite(v) ? tidyFloat32(v) : undefined;
}

// ------------------------------------------------------------------ v1

function readV1(r: BinaryReader, format: string): Pattern[] {
  const scans: Pattern[] = [];
  const RAW_MARK = 0x20574152; // "RAW " read as little-endian u32
  let p = 4;
  for (let range = 0; ; range++) {
    let steps = r.u32(p, 'range step count');
    if (range > 0 && steps === RAW_MARK) {
      p += 4; // later DIFFRAC-AT versions repeat "RAW " before each range
      steps = r.u32(p, 'range step count');
    }
    const h = p;
    const time = r.f32(h + 4, 'time per step');
    const step = r.f32(h + 8, 'step size');
    const start = r.f32(h + 20, 'start angle');
    const sample = r.str(h + 36, 32, 'sample name');
    const a1 = r.f32(h + 68, 'Ka1 wavelength');
    const a2 = r.f32(h + 72, 'Ka2 wavelength');
    const following = r.u32(h + 148, 'following-range flag');
    const data = h + 152;
    const y = counts(r, data, steps);
    const meta: PatternMetadata = {
      format,
      sampleName: sample,
      countTimeS: finiteOrUndef(time),
      // v1 gives Ka1 and Ka2 but no ratio: 0.5 is assumed when Ka2 is present
      wavelengths: kAlphaLines(finiteOrUndef(a1), finiteOrUndef(a2), undefined),
      extra: { range: range + 1 },
    };
    scans.push(scan(r, meta, start, step, y, data, h));
    p = data + 4 * steps;
    if (following === 0 || p >= r.length) break;
  }
  return scans;
}

// ------------------------------------------------------------------ v2

function readV2(r: BinaryReader, format: string): Pattern[] {
  const nRanges = r.u16(4, 'range count');
  const date = r.str(168, 20, 'date');
  const anode = normaliseAnode(r.str(188, 2, 'anode'));
  const a1 = r.f32(190, 'Ka1 wavelength');
  const a2 = r.f32(194, 'Ka2 wavelength');
  const ratio = r.f32(198, 'Ka2/Ka1 ratio');
  const scans: Pattern[] = [];
  let p = 256;
  for (let range = 0; range < nRanges; range++) {
    const h = p;
    const headerLen = r.u16(h, 'range header length');
    if (headerLen < 48) fail(r.file, `range header length ${headerLen} is shorter than 48 bytes`, { offset: h });
    const steps = r.u16(h + 2, 'range step count');
    const time = r.f32(h + 8, 'time per step');
    const step = r.f32(h + 12, 'step size');
    const start = r.f32(h + 16, 'start angle');
    const tempK = r.u16(h + 46, 'temperature');
    const data = h + headerLen;
    const y = counts(r, data, steps);
    const meta: PatternMetadata = {
      format,
      anode,
      countTimeS: finiteOrUndef(time),
      wavelengths: kAlphaLines(finiteOrUndef(a1), finiteOrUndef(a2), finiteOrUndef(ratio)),
      extra: defined({ range: range + 1, date, temperatureK: tempK || undefined }),
    };
    scans.push(scan(r, meta, start, step, y, data, h));
    p = data + 4 * steps;
  }
  return scans;
}

// ------------------------------------------------------------------ v3

function readV3(r: BinaryReader, format: string): Pattern[] {
  const nRanges = r.u32(12, 'range count');
  const date = r.str(16, 10, 'date');
  const time = r.str(26, 10, 'time');
  const user = r.str(36, 72, 'user');
  const sample = r.str(326, 60, 'sample id');
  const comment = r.str(386, 160, 'comment');
  const radius = r.f32(564, 'goniometer radius');
  const anode = normaliseAnode(r.str(608, 4, 'anode'));
  const a1 = r.f64(624, 'Ka1 wavelength');
  const a2 = r.f64(632, 'Ka2 wavelength');
  const ratio = r.f64(648, 'Ka2/Ka1 ratio');
  const wavelengths = kAlphaLines(finiteOrUndef(a1), finiteOrUndef(a2), finiteOrUndef(ratio));
  r.need(0, 712, 'file header');
  const scans: Pattern[] = [];
  let p = 712;
  for (let range = 0; range < nRanges; range++) {
    const h = p;
    const headerLen = r.u32(h, 'range header length');
    if (headerLen < 264 || headerLen > 65536) fail(r.file, `range header length ${headerLen} is not the expected 304 bytes`, { offset: h });
    const steps = r.u32(h + 4, 'range step count');
    const start = r.f64(h + 16, 'start 2theta');
    const step = r.f64(h + 176, 'step size');
    const tps = r.f32(h + 192, 'time per step');
    const kV = r.u32(h + 224, 'generator voltage');
    const mA = r.u32(h + 228, 'generator current');
    const suppLen = r.u32(h + 256, 'supplementary header size');
    const data = h + headerLen + suppLen;
    const y = counts(r, data, steps);
    const meta: PatternMetadata = {
      format,
      anode,
      wavelengths,
      countTimeS: finiteOrUndef(tps),
      goniometerRadiusMm: radius > 0 && radius < 10000 ? tidyFloat32(radius) : undefined,
      sampleName: sample,
      extra: defined({ range: range + 1, date: `${date} ${time}`.trim(), user, comment, kV: kV < 1000 ? kV : undefined, mA: mA < 10000 ? mA : undefined }),
    };
    scans.push(scan(r, meta, start, step, y, data, h));
    p = data + 4 * steps;
  }
  return scans;
}

// ------------------------------------------------------------------ v4

const COUPLED_RE = /coupled|detector|2theta|twotheta/i;

function readV4(r: BinaryReader, format: string): Pattern[] {
  const date = r.str(12, 12, 'date');
  const time = r.str(24, 10, 'time');
  const vars: Record<string, string> = {};
  let wavelengths: PatternMetadata['wavelengths'];
  let anode: string | undefined;
  let p = 61;
  let type = r.u32(p, 'segment type');
  while (type !== 0 && type !== 160) {
    const len = r.u32(p + 4, 'segment length');
    if (len < 8) fail(r.file, `metadata segment of type ${type} has length ${len} (< 8)`, { offset: p + 4 });
    r.need(p, len, `metadata segment of type ${type}`);
    if (type === 10 && len >= 36) {
      const tag = r.str(p + 12, 24, 'item name');
      vars[tag] = r.str(p + 36, len - 36, `item ${tag}`);
    } else if (type === 30 && len >= 120) {
      const a1 = r.f64(p + 80, 'Ka1 wavelength');
      const a2 = r.f64(p + 88, 'Ka2 wavelength');
      const ratio = r.f64(p + 104, 'Ka2/Ka1 ratio');
      wavelengths = kAlphaLines(finiteOrUndef(a1), finiteOrUndef(a2), finiteOrUndef(ratio));
      anode = normaliseAnode(r.str(p + 116, 4, 'anode'));
    }
    p += len;
    type = r.u32(p, 'segment type');
  }
  const scans: Pattern[] = [];
  const skipped: string[] = [];
  let range = 0;
  while (type === 0 || type === 160) {
    range++;
    const h = p;
    r.need(h, 160, 'range header');
    const scanType = r.str(h + 32, 24, 'scan type');
    let start = r.f64(h + 72, 'start angle');
    const step = r.f64(h + 80, 'step size');
    const steps = r.u32(h + 88, 'range step count');
    const tps = r.f32(h + 92, 'time per step');
    const kV = r.f32(h + 100, 'generator voltage');
    const mA = r.f32(h + 104, 'generator current');
    const datum = r.u32(h + 136, 'datum size');
    const extraLen = r.u32(h + 140, 'range extra header size');
    r.need(h + 160, extraLen, 'range extra headers');
    // drive segments (type 50) name the axes; the 2Theta drive's start wins when present
    let q = h + 160;
    const end = h + 160 + extraLen;
    while (q + 8 <= end) {
      const st = r.u32(q, 'range segment type');
      const sl = r.u32(q + 4, 'range segment length');
      if (sl < 8 || q + sl > end) fail(r.file, `range segment of type ${st} has a bad length ${sl}`, { offset: q + 4 });
      if (st === 50 && sl >= 64 && r.str(q + 12, 24, 'drive name') === '2Theta') {
        const s = r.f64(q + 56, '2Theta start');
        if (Number.isFinite(s)) start = s;
      }
      q += sl;
    }
    if (datum !== 4 && datum !== 8) fail(r.file, `datum size ${datum} is not supported (4 or 8 bytes)`, { offset: h + 136 });
    const data = end;
    r.need(data, steps * datum, `${steps} data points`);
    if (COUPLED_RE.test(scanType)) {
      const y = counts(r, data, steps, datum);
      const meta: PatternMetadata = {
        format,
        anode,
        wavelengths,
        countTimeS: finiteOrUndef(tps),
        sampleName: vars.SAMPLEID,
        extra: defined({
          range: range,
          scanType,
          date: `${date} ${time}`.trim(),
          user: vars.USER,
          comment: vars.COMMENT,
          creator: vars.CREATOR,
          kV: finiteOrUndef(kV),
          mA: finiteOrUndef(mA),
        }),
      };
      scans.push(scan(r, meta, start, step, y, data, h, datum));
    } else {
      skipped.push(`range ${range} "${clip(scanType)}"`);
    }
    p = data + steps * datum;
    if (p + 4 > r.length) break;
    type = r.u32(p, 'segment type');
  }
  if (!scans.length) {
    fail(r.file, skipped.length ? `no 2theta range: ${skipped.join(', ')} are not coupled or detector scans` : 'no range in the file', {
      offset: p,
    });
  }
  return scans;
}
