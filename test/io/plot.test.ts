import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { patternSvg, rietveldSvg, williamsonHallSvg } from '../../src/io/plot/rietveld-svg.js';
import { svgToPng } from '../../src/io/plot/png.js';

/** A synthetic two-phase pattern: Gaussian peaks on a sloping background, with deterministic noise. */
function synthetic(n = 8001) {
  const twoTheta = new Float64Array(n), yobs = new Float64Array(n), ycalc = new Float64Array(n), background = new Float64Array(n);
  const siPeaks = [[28.44, 1000], [47.3, 600], [56.12, 350], [69.13, 90], [76.38, 130], [88.03, 160]];
  const niPeaks = [[44.5, 800], [51.85, 350], [76.37, 160]];
  const si = new Float64Array(n), ni = new Float64Array(n);
  let seed = 12345;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) {
    const x = 10 + (80 * i) / (n - 1);
    twoTheta[i] = x;
    background[i] = 120 + 60 * Math.exp(-(x - 10) / 15);
    for (const [c, h] of siPeaks) si[i] += 20 * h * Math.exp(-0.5 * ((x - c) / 0.06) ** 2);
    for (const [c, h] of niPeaks) ni[i] += 20 * h * Math.exp(-0.5 * ((x - c) / 0.12) ** 2);
    ycalc[i] = background[i] + si[i] + ni[i];
    yobs[i] = Math.max(0, ycalc[i] + Math.sqrt(ycalc[i]) * 2 * (rnd() - 0.5) * 1.7);
  }
  const phases = [
    { name: 'Si', ticks: siPeaks.map((p) => p[0]), curve: si },
    { name: 'Ni', ticks: niPeaks.map((p) => p[0]), curve: ni },
  ];
  return { twoTheta, yobs, ycalc, background, phases };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** Every attribute value in the document. */
function attributes(svg: string): string[] {
  return [...svg.matchAll(/\s[\w:-]+="([^"]*)"/g)].map((m) => m[1]);
}

function pathsOfClass(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<path class="${cls}"[^>]*\\sd="([^"]*)"`, 'g'))].map((m) => m[1]);
}

function checkDocument(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = parser.parse(svg);
  expect(doc.svg).toBeDefined();
  expect(doc.svg['@font-family']).toBe('sans-serif');
  for (const a of attributes(svg)) expect(a).not.toMatch(/NaN|Infinity|undefined/);
}

describe('rietveldSvg', () => {
  const d = synthetic();
  for (const intensityScale of ['linear', 'sqrt', 'log'] as const) {
    it(`${intensityScale}: valid SVG with all parts, one tick row per phase and a legend`, () => {
      const svg = rietveldSvg({ ...d, title: 'Si + Ni <test> & co', intensityScale });
      checkDocument(svg);
      expect(pathsOfClass(svg, 'observed')[0].length).toBeGreaterThan(1000);
      expect(pathsOfClass(svg, 'calculated')[0]).toMatch(/^M[\d.]+,[\d.]+L/);
      expect(pathsOfClass(svg, 'background')[0].length).toBeGreaterThan(10);
      expect(pathsOfClass(svg, 'difference')[0].length).toBeGreaterThan(100);
      const ticks = [...svg.matchAll(/<path class="ticks" data-phase="([^"]*)" d="([^"]*)"/g)];
      expect(ticks.map((t) => t[1])).toEqual(['Si', 'Ni']);
      expect(ticks[0][2].match(/M/g)).toHaveLength(6);
      expect(ticks[1][2].match(/M/g)).toHaveLength(3);
      const legendText = /<g class="legend"[^]*?<\/g>/.exec(svg)![0];
      for (const s of ['Observed', 'Calculated', 'Background', 'Difference', 'Si', 'Ni']) expect(legendText).toContain(`>${s}<`);
      expect(svg).toContain('2θ (deg)');
      expect(svg).toContain({ linear: 'Intensity (counts)', sqrt: 'Intensity (√counts)', log: 'Intensity (log counts)' }[intensityScale]);
      expect(svg).toContain('Si + Ni &lt;test&gt; &amp; co');
    });
  }

  it('stays small for 8001 points, with 2-decimal coordinates', () => {
    const svg = rietveldSvg(d);
    expect(svg.length).toBeLessThan(250_000);
    expect(svg).not.toMatch(/\d\.\d{3,}/);
  });

  it('keeps every peak maximum and minimum in the observed markers (min/max per pixel column)', () => {
    const svg = rietveldSvg({ ...d, background: undefined, width: 400 });
    const obs = pathsOfClass(svg, 'observed')[0];
    const ys = [...obs.matchAll(/M[\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    // no more than two markers per pixel column
    expect(ys.length).toBeLessThanOrEqual(2 * 400);
    // the highest observed point is drawn: its marker is the top-most
    const calcPath = pathsOfClass(svg, 'calculated')[0];
    const calcYs = [...calcPath.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    const top = Math.min(...ys);
    expect(Math.abs(top - Math.min(...calcYs))).toBeLessThan(20);
    expect(svg).not.toContain('class="background"');
  });

  it('draws the difference on its own band below the tick rows', () => {
    const svg = rietveldSvg(d);
    const diffYs = [...pathsOfClass(svg, 'difference')[0].matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    const tickYs = [...svg.matchAll(/<path class="ticks"[^>]*d="M[\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    const calcYs = [...pathsOfClass(svg, 'calculated')[0].matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...tickYs)).toBeGreaterThan(Math.max(...calcYs));
    expect(Math.min(...diffYs)).toBeGreaterThan(Math.max(...tickYs));
  });

  it('shades excluded regions and draws no difference inside them', () => {
    const svg = rietveldSvg({ ...d, excluded: [[43, 45.3], [74, 75.8]] });
    expect(XMLValidator.validate(svg)).toBe(true);
    const rects = [...svg.matchAll(/<rect class="excluded" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[1]) + Number(m[2])]);
    expect(rects).toHaveLength(2);
    expect(svg).toContain('>Excluded<');
    // no difference vertex falls strictly inside a shaded band
    const diffXs = [...pathsOfClass(svg, 'difference')[0].matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    for (const [x0, x1] of rects) expect(diffXs.filter((x) => x > x0 + 1 && x < x1 - 1)).toEqual([]);
    // without exclusions: no band, no legend entry, and the difference runs through those regions
    const plain = rietveldSvg(d);
    expect(plain).not.toContain('class="excluded"');
    const plainXs = [...pathsOfClass(plain, 'difference')[0].matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
    expect(plainXs.some((x) => x > rects[0][0] + 1 && x < rects[0][1] - 1)).toBe(true);
  });

  it('survives degenerate input (flat pattern, non-finite values, no phases)', () => {
    const n = 50;
    const tt = Float64Array.from({ length: n }, (_, i) => 20 + i);
    const flat = new Float64Array(n).fill(100);
    const bad = Float64Array.from(flat);
    bad[10] = Number.NaN;
    for (const intensityScale of ['linear', 'sqrt', 'log'] as const) {
      checkDocument(rietveldSvg({ twoTheta: tt, yobs: flat, ycalc: flat, phases: [], intensityScale }));
      checkDocument(rietveldSvg({ twoTheta: tt, yobs: bad, ycalc: flat, background: new Float64Array(n), phases: [{ name: 'X', ticks: [1, 25, 500] }], intensityScale }));
    }
    expect(() => rietveldSvg({ twoTheta: tt, yobs: flat, ycalc: new Float64Array(3), phases: [] })).toThrow(/ycalc/);
  });
});

describe('patternSvg', () => {
  it('draws the pattern, the per-phase curves and tick rows', () => {
    const d = synthetic(2001);
    const svg = patternSvg({ twoTheta: d.twoTheta, y: d.ycalc, phases: d.phases, title: 'Simulated' });
    checkDocument(svg);
    expect(pathsOfClass(svg, 'pattern')).toHaveLength(1);
    expect(svg.match(/class="phase-curve"/g)).toHaveLength(2);
    expect(svg.match(/<path class="ticks"/g)).toHaveLength(2);
    expect(svg).toContain('>Si<');
    expect(svg).toContain('>Ni<');
  });
});

describe('williamsonHallSvg', () => {
  it('draws the points and fitted line of each phase', () => {
    const svg = williamsonHallSvg({
      phases: [
        { name: 'Si', points: [{ x: 0.246, y: 0.0031, hkl: '111' }, { x: 0.401, y: 0.0036, hkl: '220' }, { x: 0.567, y: 0.0042 }], fit: { slope: 0.0044, intercept: 0.002 } },
        { name: 'Ni', points: [{ x: 0.379, y: 0.006 }, { x: 0.618, y: 0.008 }, { x: Number.NaN, y: 1 }], fit: { slope: -0.0013, intercept: 0.0066 } },
      ],
    });
    checkDocument(svg);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(5);
    expect(svg.match(/<line class="fit"/g)).toHaveLength(2);
    expect(svg).toContain('sin θ');
    expect(svg).toContain('β cos θ (rad)');
    expect(svg).toContain('>111<');
    expect(svg).toMatch(/Ni: y = [^<]* − /);
  });
});

describe('svgToPng', () => {
  it('renders a PNG of the requested width', () => {
    const d = synthetic(2001);
    const png = svgToPng(rietveldSvg({ ...d, title: 'PNG test' }), 800);
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(800); // width
    expect(view.getUint32(20)).toBe(Math.round((620 * 800) / 1000)); // height keeps the aspect
  });

  it('draws the text (labels change the image)', () => {
    const base = (label: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="sans-serif"><rect width="200" height="40" fill="#fff"/><text x="10" y="28" font-size="20">${label}</text></svg>`;
    const a = svgToPng(base(''), 200);
    const b = svgToPng(base('2θ (deg)'), 200);
    // a PNG of a blank image compresses to much less than one with glyphs on it
    expect(b.length).toBeGreaterThan(a.length + 100);
  });

  it('uses the SVG width without widthPx', () => {
    const png = svgToPng(williamsonHallSvg({ phases: [] }));
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBe(720);
  });
});
