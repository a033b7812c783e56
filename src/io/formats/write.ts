/**
 * Writers for what users take elsewhere: .xye (2theta counts sigma with # metadata lines that
 * this project's reader understands again), .csv (one header row) and GSAS FXYE (2theta in
 * centidegrees, as GSAS and GSAS-II read it).
 */
import type { Pattern, Wavelength } from '../pattern.js';

/** Fixed decimals with trailing zeros (and a bare point) removed: 12.500000 -> "12.5". */
export function fmt(v: number, decimals: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = v.toFixed(decimals);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

function wavelengthText(p: Pattern): string | undefined {
  const wl: Wavelength[] | undefined = p.meta.wavelengths;
  if (!wl || !wl.length) return undefined;
  const anode = p.meta.anode ? `${p.meta.anode} ` : '';
  const ka1 = wl.find((w) => w.label === 'Ka1');
  const ka2 = wl.find((w) => w.label === 'Ka2');
  if (ka1 && wl.length === 1) return `${anode}Ka1 ${ka1.lambda} A (Ka1 only)`;
  if (ka1 && ka2 && wl.length === 2) return `${anode}Ka1 ${ka1.lambda} A, Ka2 ${ka2.lambda} A, I(Ka2)/I(Ka1) = ${ka2.weight / ka1.weight}`;
  if (wl.length === 1) return `wavelength = ${wl[0].lambda} A`;
  return `lines ${wl.map((w) => `${w.label ?? ''} ${w.lambda} A weight ${w.weight}`.trim()).join('; ')}`;
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim();
}

export function headerLines(p: Pattern): string[] {
  const m = p.meta;
  const out = [`source format ${m.format}, ${p.twoTheta.length} points`];
  if (m.sampleName) out.push(`sample ${oneLine(m.sampleName)}`);
  const wl = wavelengthText(p);
  if (wl) out.push(wl);
  else if (m.anode) out.push(`anode ${m.anode} (emission lines not stated in the source file)`);
  // one item a line: an .fxye cuts its lines at 80 characters, which must not cut a number
  if (m.stepDeg !== undefined) out.push(`step ${m.stepDeg} deg`);
  if (m.countTimeS !== undefined) out.push(`counting time ${m.countTimeS} s`);
  if (m.goniometerRadiusMm !== undefined) out.push(`goniometer radius ${m.goniometerRadiusMm} mm`);
  if (m.monochromatorTwoThetaDeg !== undefined) out.push(`monochromator 2theta ${m.monochromatorTwoThetaDeg} deg`);
  // what the refinement takes from a file besides wavelengths: read back by text.ts metadataFromNotes
  if (m.incidentMonochromator) out.push(`incident-beam monochromator ${m.incidentMonochromator}`);
  if (m.detectorScanSampleDeg !== undefined) out.push(`detector scan, specimen held at ${m.detectorScanSampleDeg} deg`);
  if (m.geometry) out.push(`geometry ${m.geometry}`);
  return out;
}

export function writeXye(p: Pattern): string {
  const lines = headerLines(p).map((l) => `# ${l}`);
  lines.push('# columns: 2theta(deg) counts sigma');
  for (let i = 0; i < p.twoTheta.length; i++) {
    lines.push(`${fmt(p.twoTheta[i], 6)} ${fmt(p.counts[i], 4)} ${fmt(p.sigma[i], 4)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function writeCsv(p: Pattern): string {
  // the same '#' header as .xye: the readers take wavelengths from it (a converted Co pattern was read as Cu)
  const lines = [...headerLines(p).map((l) => `# ${l}`), 'two_theta_deg,counts,sigma'];
  for (let i = 0; i < p.twoTheta.length; i++) {
    lines.push(`${fmt(p.twoTheta[i], 6)},${fmt(p.counts[i], 4)},${fmt(p.sigma[i], 4)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * GSAS FXYE: title, BANK line (CONST with the first 2theta and the mean step in centidegrees),
 * then "2theta*100 intensity esd" per line. Lines stay within 80 characters.
 */
export function writeFxye(p: Pattern, title?: string): string {
  const n = p.twoTheta.length;
  const t0 = p.twoTheta[0];
  const step = n > 1 ? (p.twoTheta[n - 1] - t0) / (n - 1) : 0;
  const defaultTitle = [p.meta.sampleName, wavelengthText(p)].filter(Boolean).join(' - ') || `converted from ${p.meta.format}`;
  let head = oneLine(title ?? defaultTitle).slice(0, 80);
  if (/^BANK\b/i.test(head)) head = `Title ${head}`.slice(0, 80);
  const lines = [head.padEnd(80, ' ')];
  // '#' lines between the title and the BANK line are comments to GSAS; the readers take wavelengths from them
  for (const l of headerLines(p)) lines.push(oneLine(`# ${l}`).slice(0, 80).padEnd(80, ' '));
  lines.push(`BANK 1 ${n} ${n} CONST ${fmt(t0 * 100, 4)} ${fmt(step * 100, 6)} 0 0 FXYE`.padEnd(80, ' '));
  for (let i = 0; i < n; i++) {
    const x = (p.twoTheta[i] * 100).toFixed(4).padStart(15);
    const y = fmt(p.counts[i], 4).padStart(15);
    const s = fmt(p.sigma[i], 4).padStart(15);
    lines.push(`${x} ${y} ${s}`);
  }
  return `${lines.join('\n')}\n`;
}
