/**
 * `xrd info FILE [--json]`: what a pattern file holds (format, scans, points, 2theta range,
 * first and last intensity, wavelengths and the other metadata the reader found).
 */
import type { Command } from 'commander';
import { loadPatternFile } from '../../io/formats/load.js';
import type { BadPoint, Pattern, PatternFile } from '../../io/pattern.js';

export interface ScanInfo {
  points: number;
  twoThetaStart: number;
  twoThetaEnd: number;
  firstIntensity: number;
  lastIntensity: number;
  /** Emission lines the file states; null when it does not say. */
  wavelengths: { lambda: number; weight: number; label?: string }[] | null;
  anode: string | null;
  stepDeg: number | null;
  countTimeS: number | null;
  goniometerRadiusMm: number | null;
  monochromatorTwoThetaDeg: number | null;
  sampleName: string | null;
  /** 'transmission' when the file shows a capillary measurement; null when it does not say */
  geometry: string | null;
  /** a scan that moved the detector alone: the specimen's held angle, deg; null for a theta-2theta scan or unknown */
  detectorScanSampleDeg: number | null;
  extra: Record<string, string | number>;
  /** points a counter cannot have given (negative, dropped readings): how many, and the first with its location */
  badPoints: { count: number; first: string } | null;
}

export interface FileInfo {
  file: string;
  format: string;
  scans: ScanInfo[];
}

export function scanInfo(p: Pattern): ScanInfo {
  const n = p.twoTheta.length;
  const m = p.meta;
  return {
    points: n,
    twoThetaStart: p.twoTheta[0],
    twoThetaEnd: p.twoTheta[n - 1],
    firstIntensity: p.counts[0],
    lastIntensity: p.counts[n - 1],
    wavelengths: m.wavelengths ? m.wavelengths.map((w) => ({ ...w })) : null,
    anode: m.anode ?? null,
    stepDeg: m.stepDeg ?? null,
    countTimeS: m.countTimeS ?? null,
    goniometerRadiusMm: m.goniometerRadiusMm ?? null,
    monochromatorTwoThetaDeg: m.monochromatorTwoThetaDeg ?? null,
    sampleName: m.sampleName ?? null,
    geometry: m.geometry ?? null,
    detectorScanSampleDeg: m.detectorScanSampleDeg ?? null,
    extra: m.extra ?? {},
    badPoints: p.badPoints?.length ? { count: p.badPoints.length, first: describeBad(p.badPoints[0]) } : null,
  };
}

function describeBad(b: BadPoint): string {
  return `${b.file}${b.line !== undefined ? `:${b.line}` : ''}${b.offset !== undefined ? ` (offset ${b.offset})` : ''}: ${b.message}`;
}

export function fileInfo(pf: PatternFile): FileInfo {
  return { file: pf.file, format: pf.format, scans: pf.scans.map(scanInfo) };
}

const num = (v: number, d = 6) => String(Number(v.toFixed(d)));

export function formatInfo(info: FileInfo): string {
  const out: string[] = [];
  const ns = info.scans.length;
  out.push(`${info.file}: ${info.format}, ${ns} scan${ns === 1 ? '' : 's'}`);
  info.scans.forEach((s, k) => {
    const step = s.stepDeg !== null ? `, step ${num(s.stepDeg, 7)}` : ', variable step';
    out.push(
      `scan ${k + 1}: ${s.points} points, 2theta ${num(s.twoThetaStart)} .. ${num(s.twoThetaEnd)} deg${step}; ` +
        `intensity ${num(s.firstIntensity, 4)} .. ${num(s.lastIntensity, 4)} counts`,
    );
    const anode = s.anode ? `${s.anode} ` : '';
    if (s.wavelengths) {
      const lines = s.wavelengths.map((w) => `${w.label ?? 'line'} ${w.lambda} A${w.weight !== 1 ? ` (weight ${w.weight})` : ''}`);
      out.push(`  wavelengths: ${anode}${lines.join(', ')}${s.wavelengths.length === 1 ? ' only' : ''}`);
    } else {
      out.push(`  wavelengths: not stated in the file${s.anode ? ` (anode ${s.anode})` : ''}`);
    }
    const more: string[] = [];
    if (s.countTimeS !== null) more.push(`counting time ${num(s.countTimeS, 4)} s/step`);
    if (s.goniometerRadiusMm !== null) more.push(`goniometer radius ${s.goniometerRadiusMm} mm`);
    if (s.monochromatorTwoThetaDeg !== null) more.push(`monochromator 2theta ${s.monochromatorTwoThetaDeg} deg`);
    if (s.sampleName) more.push(`sample "${s.sampleName}"`);
    if (more.length) out.push(`  ${more.join(', ')}`);
    if (s.detectorScanSampleDeg !== null) {
      out.push(`  detector scan, specimen held at ${s.detectorScanSampleDeg} deg: ${s.geometry === 'transmission' ? 'a capillary in transmission (refined as such)' : 'not a Bragg-Brentano theta-2theta scan'}`);
    }
    const extra = Object.entries(s.extra).map(([k2, v]) => `${k2}=${v}`);
    if (extra.length) out.push(`  ${extra.join(', ')}`);
    if (s.badPoints) {
      const n = s.badPoints.count;
      out.push(`  ${n} point${n === 1 ? '' : 's'} a counter cannot give (a fit that includes ${n === 1 ? 'it' : 'them'} refuses ${n === 1 ? 'it' : 'them'}); first: ${s.badPoints.first}`);
    }
  });
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('info')
    .description('show what a pattern file holds: format, scans, points, 2theta range, wavelengths')
    .argument('<file>', 'pattern file (.xy .xye .csv .gsa .fxye .xrdml .raw .brml .uxd .ras .rasx ...)')
    .option('--json', 'print JSON instead of text')
    .action(async (file: string, opts: { json?: boolean }) => {
      const info = fileInfo(await loadPatternFile(file));
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    });
}
