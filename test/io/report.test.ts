import { describe, expect, it } from 'vitest';
import { formatEsd, formatValue } from '../../src/io/report/esd.js';
import { freeCellParameters, reportMarkdown, reportText } from '../../src/io/report/report.js';
import { curvesCsv } from '../../src/io/report/curves-csv.js';
import type { PhaseResult, RietveldResult, ValueEsd } from '../../src/rietveld/result.js';

describe('formatEsd', () => {
  it.each([
    [70.1734, 0.153, '70.17(15)'],
    [5.43123, 0.00008, '5.43123(8)'],
    [73.2, 0.2, '73.2(2)'],
    [62.6, 0.25, '62.6(3)'],
    [1234.5, 12, '1235(12)'],
    [1234.4, 12, '1234(12)'],
    [1534, 230, '1500(200)'],
    [1500, 200, '1500(200)'],
    [12345, 150, '12350(150)'],
    [-3.21, 0.05, '-3.21(5)'],
    [0.3, 0.3, '0.3(3)'],
    [2.5, 7, '3(7)'],
    [0.02, 0.5, '0.0(5)'],
    [-0.00001, 0.0005, '0.0000(5)'], // no "-0.0000"
    [1, 0.0996, '1.00(10)'], // 0.0996 rounds to 0.10: leading digits 10, two digits kept
    [0.196, 0.0196, '0.20(2)'], // 0.0196 rounds to 0.020: leading digit 2, one digit
    [0.5, 0.0199, '0.50(2)'],
    [4.2, 0.019, '4.200(19)'],
    [1e-7, 3e-9, '0.000000100(3)'],
    [42, 1, '42.0(10)'], // leading digits 10: two digits
    [42, 1.9, '42.0(19)'],
  ])('%s ± %s -> %s', (v, e, want) => {
    expect(formatEsd(v, e)).toBe(want);
  });

  it('writes the values of SPEC.md section 1 table', () => {
    const table: [number, number, string][] = [
      [70.17, 0.15, '70.17(15)'], [29.83, 0.15, '29.83(15)'], [5.4302, 0.0003, '5.4302(3)'],
      [88.37, 0.15, '88.37(15)'], [11.63, 0.15, '11.63(15)'], [5.43059, 0.00014, '5.43059(14)'],
      [73.2, 0.2, '73.2(2)'], [26.8, 0.2, '26.8(2)'], [5.43299, 0.00016, '5.43299(16)'],
      [62.6, 0.2, '62.6(2)'], [37.4, 0.2, '37.4(2)'],
      [93.76, 0.16, '93.76(16)'], [6.24, 0.16, '6.24(16)'], [5.433, 0.0002, '5.4330(2)'],
      [97.69, 0.19, '97.69(19)'], [2.32, 0.19, '2.32(19)'], [5.4299, 0.0003, '5.4299(3)'],
      [5.4311, 0.0005, '5.4311(5)'],
    ];
    for (const [v, e, want] of table) expect(formatEsd(v, e)).toBe(want);
  });

  it('rounds value and esd from unrounded refinement output', () => {
    expect(formatEsd(62.61234, 0.2345)).toBe('62.6(2)');
    expect(formatEsd(97.6871, 0.18642)).toBe('97.69(19)');
    expect(formatEsd(5.430213, 0.000271)).toBe('5.4302(3)');
    expect(formatEsd(5.4305912, 0.0001449)).toBe('5.43059(14)');
  });

  it('gives the value alone for a fixed value (esd 0) or an esd that is not a number', () => {
    expect(formatEsd(5.4311, 0)).toBe('5.4311');
    expect(formatEsd(90, 0)).toBe('90');
    expect(formatEsd(1234.56789, 0)).toBe('1234.57');
    expect(formatEsd(0, 0)).toBe('0');
    expect(formatEsd(42, Number.NaN)).toBe('42');
    // rounding noise is not an esd: a single phase's weight fraction
    expect(formatEsd(100.00000000000001, 1.0e-13)).toBe('100');
    expect(formatEsd(Number.NaN, 0.1)).toBe('NaN');
    expect(formatValue(-0.0000001)).toBe('-1e-7');
  });

  it('takes a negative esd as its magnitude', () => {
    expect(formatEsd(70.1734, -0.153)).toBe('70.17(15)');
  });

  it('keeps the value to the last digit of the esd (property)', () => {
    for (let k = 0; k < 500; k++) {
      const v = (Math.random() - 0.3) * 10 ** (Math.random() * 8 - 3);
      const e = 10 ** (Math.random() * 8 - 5);
      const s = formatEsd(v, e);
      const m = /^(-?\d+(?:\.(\d+))?)\((\d+)\)$/.exec(s);
      expect(m, `${v} ${e} -> ${s}`).not.toBeNull();
      const esdDigits = m![3];
      const decimals = m![2]?.length ?? 0;
      const printedEsd = decimals > 0 ? Number(esdDigits) / 10 ** decimals : Number(esdDigits);
      // the printed esd is within rounding of the true one, and has 1 or 2 significant digits
      expect(Math.abs(printedEsd - e) / e).toBeLessThan(0.34);
      const sig = String(Number(esdDigits)).replace(/0+$/, '').length;
      expect(sig).toBeLessThanOrEqual(2);
      // the value is the true one to within half its last digit
      const unit = decimals > 0 ? 10 ** -decimals : printedEsd / Number(String(Number(esdDigits))[0] === '1' && esdDigits.length >= 2 ? esdDigits.slice(0, 2) : esdDigits[0]);
      expect(Math.abs(Number(m![1]) - v)).toBeLessThanOrEqual(unit / 2 + 1e-9 * Math.abs(v));
    }
  });
});

const ve = (value: number, esd = 0): ValueEsd => ({ value, esd });

function phase(name: string, o: Partial<PhaseResult> = {}): PhaseResult {
  return {
    name,
    weightPercent: ve(62.6123, 0.2345),
    volumePercent: 70.4,
    lattice: {
      a: ve(5.430213, 0.000271), b: ve(5.430213, 0.000271), c: ve(5.430213, 0.000271),
      alpha: ve(90), beta: ve(90), gamma: ve(90), volume: ve(160.118, 0.024),
    },
    size: { lvolIB: ve(61.234, 1.52), lvolFWHM: ve(85.61, 2.3), csL: ve(95.5, 3.1), csG: null },
    sizeCorrected: true,
    strain: ve(0.00123, 0.00011),
    strainL: ve(0.00123, 0.00011),
    strainG: ve(0),
    beq: ve(0.512, 0.031),
    scale: ve(1.234e-5, 2.1e-8),
    rBragg: 1.234,
    reflections: [
      { hkl: [1, 1, 1], multiplicity: 8, d: 3.13513, twoTheta: 28.446, iCalc: 10512.3, iObs: 10498.7 },
      { hkl: [2, 2, 0], multiplicity: 12, d: 1.91985, twoTheta: 47.307, iCalc: 6654.1, iObs: 6671.9 },
    ],
    cellMass: 224.68,
    ...o,
  };
}

function fixture(sizeCorrected: boolean): RietveldResult {
  return {
    converged: true,
    iterations: 14,
    elapsedMs: 850,
    message: 'converged',
    statistics: { rp: 3.12, rwp: 4.105, rexp: 3.91, gof: 1.0499, chi2Reduced: 1.1022, rwpBackgroundRemoved: 9.87, durbinWatson: 1.93, points: 8001, parameters: 27 },
    phases: [
      phase('Si', { sizeCorrected }),
      phase('Ni', {
        weightPercent: ve(37.3877, 0.2345),
        volumePercent: 29.6,
        lattice: { a: ve(3.52412, 0.00004), b: ve(3.52412, 0.00004), c: ve(3.52412, 0.00004), alpha: ve(90), beta: ve(90), gamma: ve(90), volume: ve(43.768, 0.0015) },
        size: { lvolIB: ve(24.3239, 0.4), lvolFWHM: ve(34.0051, 0.56), csL: null, csG: null },
        sizeCorrected,
      }),
      phase('Zn', {
        weightPercent: ve(0.0, 0),
        lattice: { a: ve(2.6649, 0.0003), b: ve(2.6649, 0.0003), c: ve(4.9468, 0.0007), alpha: ve(90), beta: ve(90), gamma: ve(120), volume: ve(30.42, 0.01) },
        sizeCorrected,
      }),
    ],
    zero: ve(-0.01234, 0.00152),
    displacement: ve(0.0412, 0.0061),
    transparency: ve(0, 0),
    instrument: {
      geometry: 'reflection',
      wavelengths: [{ lambda: 1.54056, weight: 1 }, { lambda: 1.54439, weight: 0.5 }],
      monochromatorTwoThetaDeg: null,
      goniometerRadiusMm: 300,
      profile: { U: 0.0041, V: -0.0021, W: 0.0012, X: 0.031, Y: 0.0021, SL: 0.012, HL: 0.012, slitDeg: 0.8207, primarySollerDeg: 2.5 },
      provenance: { wavelengths: 'file', monochromator: 'default', radius: 'instrument', profile: 'instrument', zero: 'default', primarySoller: 'file' },
    },
    background: { type: 'chebyshev', coefficients: [100, -20, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
    stages: [
      { stage: 'scale+background', refined: ['scale', 'background'], iterations: 5, converged: true, chi2: 12345.6, message: 'converged' },
      { stage: 'all', refined: ['scale', 'background', 'cell', 'size'], iterations: 9, converged: true, chi2: 8123.4, message: 'converged' },
    ],
    highCorrelations: [
      { a: 'Si.scale', b: 'Si.beq', r: 0.9612 },
      { a: 'zero', b: 'displacement', r: -0.9871 },
      { a: 'bkg0', b: 'bkg2', r: 0.93 },
    ],
    parameters: [
      { name: 'Si.a', value: 5.430213, esd: 0.000271 },
      { name: 'Y', value: 0.0021, esd: 0.00031 },
      { name: 'slit', value: 0.8207, esd: 0.0113 },
    ],
    warnings: ['phase Zn has no reflection in the refined range'],
  };
}

const ctx = {
  pattern: 'patterns/dev_SiNi.xye',
  phases: [{ name: 'Si', file: 'structures/Si.cif' }, { name: 'Ni', file: 'structures/Ni.cif' }, { name: 'Zn', file: 'structures/Zn.cif' }],
  instrument: 'patterns/instrument.json',
  command: 'xrd refine patterns/dev_SiNi.xye --phase structures/Si.cif --phase structures/Ni.cif',
};

describe('reportMarkdown / reportText', () => {
  for (const [name, render] of [['markdown', reportMarkdown], ['text', reportText]] as const) {
    it(`${name}: says what was refined, with every value and its esd`, () => {
      const out = render(fixture(true), ctx);
      for (const s of [
        'patterns/dev_SiNi.xye', 'structures/Si.cif', 'structures/Ni.cif', 'patterns/instrument.json', ctx.command,
        '62.6(2)', '37.4(2)', // weight %
        '5.4302(3)', '3.52412(4)', '160.12(2)', '43.7680(15)', // cell a and volume
        '2.6649(3)', '4.9468(7)', // hexagonal: a and c
        '61.2(15)', '86(2)', '24.3(4)', '34.0(6)', // LVol-IB, LVol-FWHM
        '0.00123(11)', '0.51(3)', // strain, Beq
        '-0.0123(15)', '0.041(6)', // zero (deg), displacement (mm)
        '4.105', '3.120', '3.910', '1.050', '1.102', '9.870', '1.930', // statistics
        'Zero (deg)', 'Specimen displacement (mm)', 'Weight (%)', 'LVol-IB (nm)', 'LVol-FWHM (nm)', 'Beq (Å²)', 'R_Bragg (%)', 'Rwp (%)',
        'Si.scale', 'zero', '0.961', '-0.987', // correlations above 0.95
        'phase Zn has no reflection in the refined range',
        'scale+background', '12345.6', // stages
        'pattern file', 'instrument file (patterns/instrument.json)', 'refined', // provenance
        '0.0021(3)', // refined profile Y with esd
        '0.821(11)', // the refined divergence slit (parameter 'slit', profile key 'slitDeg') with its esd
        'primary Soller (incident axial divergence) (deg)', // from the pattern file
      ]) {
        expect(out, s).toContain(s);
      }
      expect(out).not.toContain('0.930'); // below 0.95
      expect(out).not.toMatch(/NaN|undefined|\[object/);
    });

    it(`${name}: shows only the free cell parameters`, () => {
      const out = render(fixture(true), ctx);
      // cubic Si: a but no b, c, angles; hexagonal Zn: a and c
      expect(out).toContain('a (Å)');
      expect(out).toContain('c (Å)');
      expect(out).not.toContain('b (Å)');
      expect(out).not.toContain('α (deg)');
      expect(out).not.toContain('γ (deg)');
    });

    it(`${name}: notes apparent sizes only when the instrument broadening was not removed`, () => {
      expect(render(fixture(true), ctx)).not.toContain('apparent (instrument broadening not removed)');
      expect(render(fixture(false), ctx)).toContain('apparent (instrument broadening not removed)');
    });
  }

  it('markdown has well-formed tables; text has aligned columns', () => {
    const md = reportMarkdown(fixture(true), ctx);
    const tableLines = md.split('\n').filter((l) => l.startsWith('|'));
    expect(tableLines.length).toBeGreaterThan(20);
    for (const l of tableLines) expect(l.endsWith('|')).toBe(true);
    expect(md).toMatch(/^# Rietveld refinement report/);

    const txt = reportText(fixture(true), ctx);
    expect(txt).not.toContain('|');
    const lines = txt.split('\n');
    const head = lines.findIndex((l) => /^\s+Statistic\s+Value$/.test(l));
    expect(head).toBeGreaterThan(0);
    // right-aligned values end in the same column
    const rows = lines.slice(head + 2, head + 9);
    const ends = new Set(rows.map((l) => [...l].length));
    expect(ends.size).toBe(1);
  });

  it('reads the crystal system off the cell', () => {
    const l = (a: number, b: number, c: number, al: number, be: number, ga: number) => ({
      a: ve(a), b: ve(b), c: ve(c), alpha: ve(al), beta: ve(be), gamma: ve(ga), volume: ve(1),
    });
    expect(freeCellParameters(l(5, 5, 5, 90, 90, 90)).names).toEqual(['a']);
    expect(freeCellParameters(l(5, 5, 7, 90, 90, 90)).names).toEqual(['a', 'c']);
    expect(freeCellParameters(l(3, 3, 5, 90, 90, 120)).names).toEqual(['a', 'c']);
    expect(freeCellParameters(l(5, 6, 7, 90, 90, 90)).names).toEqual(['a', 'b', 'c']);
    expect(freeCellParameters(l(5, 6, 7, 90, 101, 90)).names).toEqual(['a', 'b', 'c', 'beta']);
    expect(freeCellParameters(l(5, 5, 5, 60, 60, 60)).names).toEqual(['a', 'alpha']);
    expect(freeCellParameters(l(5, 6, 7, 80, 85, 95)).names).toHaveLength(6);
  });
});

describe('curvesCsv', () => {
  it('writes the header and one row per point', () => {
    const n = 801;
    const tt = Float64Array.from({ length: n }, (_, i) => 10 + i * 0.1);
    const bkg = Float64Array.from(tt, (x) => 100 + x);
    const si = Float64Array.from(tt, (x) => 1000 * Math.exp(-(((x - 28.44) / 0.1) ** 2)));
    const ni = Float64Array.from(tt, (x) => 500 * Math.exp(-(((x - 44.5) / 0.1) ** 2)));
    const ycalc = Float64Array.from(tt, (_, i) => bkg[i] + si[i] + ni[i]);
    const yobs = Float64Array.from(ycalc, (y, i) => y + (i % 2 ? 3 : -3));
    const csv = curvesCsv({ twoTheta: tt, yobs, ycalc, background: bkg, phases: [{ name: 'Si', curve: si }, { name: 'Ni', curve: ni }] });
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('two_theta_deg,observed,calculated,background,difference,Si,Ni');
    expect(lines).toHaveLength(n + 1);
    for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(7);
    const row = lines[185].split(',').map(Number); // 10 + 184 * 0.1 = 28.4
    expect(row[0]).toBeCloseTo(28.4, 10);
    expect(row[4]).toBeCloseTo(row[1] - row[2], 9);
    expect(row[2]).toBeCloseTo(row[3] + row[5] + row[6], 9);
  });

  it('quotes a phase name with a comma and rejects curves of another length', () => {
    const a = Float64Array.of(1, 2);
    expect(curvesCsv({ twoTheta: a, yobs: a, ycalc: a, background: a, phases: [{ name: 'Fe,Ni', curve: a }] }).split('\n')[0]).toBe(
      'two_theta_deg,observed,calculated,background,difference,"Fe,Ni"',
    );
    expect(() => curvesCsv({ twoTheta: a, yobs: a, ycalc: Float64Array.of(1), background: a, phases: [] })).toThrow(/ycalc/);
  });
});
