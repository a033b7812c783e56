/**
 * Plain text columns: .xy, .xye, .csv, .dat, .txt (and any text file no other reader claims).
 *
 * - Comment lines start with #, ! or ; and may carry metadata ("Ka1 1.5406", "sample NAME").
 * - Non-numeric lines before the data are header lines (column titles and the like).
 * - A lone number before the data is a wavelength line (as in Rietveld-server .xye files).
 * - Fields are separated by semicolons (then a decimal comma is allowed), commas, tabs or spaces.
 * - 2 columns: 2theta, counts; 3 columns: 2theta, counts, sigma; more: the first two are used.
 * - Non-numeric lines after the data are a footer, but only at the very end.
 */
import type { Geometry, PatternFile, PatternMetadata, Wavelength } from '../pattern.js';
import {
  anodeForKalpha1,
  buildPattern,
  clip,
  decodeText,
  fail,
  kAlphaLines,
  normaliseAnode,
  optionalNumber,
  parseNumberToken,
  splitLines,
} from './common.js';

export type TextFlavour = 'xy' | 'xye' | 'csv';

interface Fields {
  tokens: string[];
  delimited: boolean;
}

function splitFields(t: string): Fields {
  let tokens: string[];
  let delimited = false;
  if (t.includes(';')) {
    tokens = t.split(';').map((f) => f.trim().replace(/^"(.*)"$/, '$1').replace(',', '.'));
    delimited = true;
  } else if (t.includes(',')) {
    tokens = t.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
    delimited = true;
  } else {
    tokens = t.split(/\s+/);
  }
  while (tokens.length > 1 && tokens[tokens.length - 1] === '') tokens.pop();
  return { tokens, delimited };
}

function isComment(t: string): boolean {
  return t.startsWith('#') || t.startsWith('!') || t.startsWith(';');
}

/** Flavour of a text file from its first data line, or null when it has no numeric line. */
export function sniffTextFlavour(text: string): TextFlavour | null {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length && i < 500; i++) {
    const t = lines[i].trim();
    if (!t || isComment(t)) continue;
    const { tokens, delimited } = splitFields(t);
    const nums = tokens.map(parseNumberToken);
    if (nums.some((v) => v === undefined) || nums.length < 2) continue;
    if (delimited) return 'csv';
    return nums.length === 3 ? 'xye' : 'xy';
  }
  return null;
}

const COLUMN = ['2theta', 'intensity', 'uncertainty'];

export function readText(bytes: Uint8Array, file: string): PatternFile {
  const lines = splitLines(decodeText(bytes));
  const x: number[] = [];
  const y: number[] = [];
  const s: number[] = [];
  const lineOf: number[] = [];
  const notes: string[] = [];
  let ncols = 0;
  let delimitedData = false;
  let lone: { value: number; line: number } | undefined;
  let footerLine = 0;
  let footerText = '';

  for (let li = 0; li < lines.length; li++) {
    const ln = li + 1;
    const t = lines[li].trim();
    if (!t) continue;
    if (isComment(t)) {
      if (notes.length < 50) notes.push(t.replace(/^[#!;]+\s*/, ''));
      continue;
    }
    const { tokens, delimited } = splitFields(t);
    const nums = tokens.map(parseNumberToken);
    if (nums.some((v) => v === undefined)) {
      if (ncols === 0) {
        if (notes.length < 50) notes.push(t);
      } else if (!footerLine) {
        footerLine = ln;
        footerText = t;
      }
      continue;
    }
    if (footerLine) fail(file, `not a data line inside the data: "${clip(footerText)}"`, { line: footerLine });
    if (ncols === 0 && nums.length === 1 && lone === undefined && x.length === 0) {
      const v = nums[0]!;
      if (!Number.isFinite(v) || v <= 0.01 || v > 10) {
        fail(file, `a lone number before the data must be a wavelength in A, found "${clip(tokens[0])}"`, { line: ln });
      }
      lone = { value: v, line: ln };
      continue;
    }
    if (nums.length < 2) fail(file, `expected 2 or 3 columns, found ${nums.length}`, { line: ln });
    for (let c = 0; c < Math.min(nums.length, 3); c++) {
      if (!Number.isFinite(nums[c]!)) fail(file, `${COLUMN[c]} is not finite: "${clip(tokens[c])}"`, { line: ln });
    }
    if (ncols === 0) {
      ncols = nums.length;
      delimitedData = delimited;
    } else if (nums.length !== ncols) {
      fail(file, `expected ${ncols} columns as in the first data line, found ${nums.length}`, { line: ln });
    }
    x.push(nums[0]!);
    y.push(nums[1]!);
    if (ncols === 3) s.push(nums[2]!);
    lineOf.push(ln);
  }

  const flavour: TextFlavour = delimitedData ? 'csv' : ncols === 3 ? 'xye' : 'xy';
  const meta: PatternMetadata = { format: flavour, ...metadataFromNotes(notes) };
  if (lone) {
    const anode = anodeForKalpha1(lone.value);
    meta.extra = { ...meta.extra, wavelength: lone.value };
    if (anode) meta.anode = meta.anode ?? anode;
    else if (!meta.wavelengths) meta.wavelengths = [{ lambda: lone.value, weight: 1, label: 'monochromatic' }];
  }
  if (ncols > 3) meta.extra = { ...meta.extra, ignoredColumns: ncols - 2 };
  let lastLine = lines.length;
  while (lastLine > 1 && !lines[lastLine - 1].trim()) lastLine--;
  const pattern = buildPattern({
    file,
    twoTheta: x,
    counts: y,
    sigma: ncols === 3 ? s : undefined,
    meta,
    locate: (i) => ({ line: i >= 0 ? lineOf[i] : lastLine }),
  });
  return { file, format: flavour, scans: [pattern] };
}

const NUM = '([0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)';

/**
 * Metadata from comment and header lines, only where labelled unambiguously:
 * "Ka1 1.54056", "Ka2 1.54439", "I(Ka2)/I(Ka1) = 0.5" or "ratio 0.5", "wavelength = 0.4137",
 * "Cu Ka", "sample NAME"; and the lines this project's writers add (write.ts headerLines): "goniometer radius 217.5 mm",
 * "monochromator 2theta 27.28 deg", "incident-beam monochromator johansson", "detector scan, specimen held at 17 deg",
 * "geometry transmission", so that a converted pattern refines as its source would.
 */
export function metadataFromNotes(notes: string[]): Partial<PatternMetadata> {
  const text = notes.join('\n');
  const find = (re: RegExp): number | undefined => {
    const m = re.exec(text);
    return m ? optionalNumber(m[1]) : undefined;
  };
  const out: Partial<PatternMetadata> = {};
  const a1 = find(new RegExp(`\\b(?:K-?alpha-?1|Ka1|lambda1|alpha1|wl1)\\b\\s*[:=]?\\s*${NUM}`, 'i'));
  const a2 = find(new RegExp(`\\b(?:K-?alpha-?2|Ka2|lambda2|alpha2|wl2)\\b\\s*[:=]?\\s*${NUM}`, 'i'));
  const ratio = find(new RegExp(`(?:I\\(Ka2\\)\\s*/\\s*I\\(Ka1\\)|Ka2\\s*/\\s*Ka1|\\bratio)\\s*[:=]?\\s*${NUM}`, 'i'));
  let wl: Wavelength[] | undefined;
  if (a1 !== undefined) wl = kAlphaLines(a1, a2, ratio);
  else {
    const single = find(new RegExp(`\\b(?:wavelength|lambda)\\b\\s*(?:\\(A\\)|\\[A\\])?\\s*[:=]?\\s*${NUM}`, 'i'));
    if (single !== undefined && single > 0.05 && single < 20) {
      const anode = anodeForKalpha1(single);
      if (anode) out.anode = anode;
      else wl = [{ lambda: single, weight: 1, label: 'monochromatic' }];
      out.extra = { wavelength: single };
    }
  }
  if (wl) out.wavelengths = wl;
  const an = /\b(Cu|Co|Mo|Cr|Fe|Ag)\s*K-?(?:a|alpha)/i.exec(text);
  if (an) out.anode = normaliseAnode(an[1]);
  const sample = /^\s*sample(?:\s*name)?\b\s*[:=]?\s*(\S.*)$/im.exec(text);
  if (sample) out.sampleName = sample[1].trim().slice(0, 200);
  const radius = find(new RegExp(`\\bgoniometer radius ${NUM} mm\\b`, 'i'));
  if (radius !== undefined && radius > 0) out.goniometerRadiusMm = radius;
  const mono = find(new RegExp(`\\bmonochromator 2theta ${NUM} deg\\b`, 'i'));
  if (mono !== undefined && mono > 0 && mono < 180) out.monochromatorTwoThetaDeg = mono;
  if (/\bincident-beam monochromator johansson\b/i.test(text)) out.incidentMonochromator = 'johansson';
  const held = /\bdetector scan, specimen held at (-?[0-9]*\.?[0-9]+) deg\b/i.exec(text);
  if (held) out.detectorScanSampleDeg = Number(held[1]);
  const geometry = /^\s*geometry (reflection|transmission)\s*$/im.exec(text);
  if (geometry) out.geometry = geometry[1].toLowerCase() as Geometry;
  return out;
}
