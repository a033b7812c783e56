/**
 * A .ras cut inside a scan header is a ParseError, not a file with one scan fewer; an XRDML value error names
 * the line holding the value, not the line of <dataPoints>.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { thrown } from '../helpers/thrown.js';
import { readPatternFile } from '../../src/io/formats/index.js';
import { refuseBadPoints } from '../../src/io/pattern.js';

const FIX = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/formats');
const enc = (s: string) => new TextEncoder().encode(s);

const error = (f: () => unknown) => thrown(ParseError, f);

describe('Rigaku .ras cut short', () => {
  // two_scans.ras: 3 scans, headers at lines 2, 22, 41, *RAS_INT_END at 21, 40, 59
  const lines = readFileSync(join(FIX, 'synthetic/two_scans.ras'), 'latin1').split('\n');

  it('ending in the second header (*MEAS_COND_XG_WAVE_TYPE ") is an error naming that line', () => {
    const cut = [...lines.slice(0, 28), '*MEAS_COND_XG_WAVE_TYPE "'].join('\n');
    const e = error(() => readPatternFile(enc(cut), 'cut.ras'));
    expect(e.line).toBe(29);
    expect(e.message).toBe('cut.ras:29: scan header of line 22 is not closed by *RAS_HEADER_END: file truncated?');
  });

  it('a closed header without its data block is an error too', () => {
    const e = error(() => readPatternFile(enc(lines.slice(0, 36).join('\n') + '\n\n'), 'cut.ras'));
    expect(e.message).toBe('cut.ras:36: scan header of line 22 has no data block (*RAS_INT_START): file truncated?');
  });

  it('every cut at a line end: an error, or only whole scans when the cut follows *RAS_INT_END', () => {
    for (let n = 1; n < lines.length; n++) {
      const text = lines.slice(0, n).join('\n');
      const last = lines[n - 1].trim();
      try {
        const pf = readPatternFile(enc(text), 'c.ras');
        // the Omega scan (scan 3 in the file) is skipped, so at most 2 patterns
        expect(last === '*RAS_INT_END' || last === '*RAS_DATA_END' || last === '').toBe(true);
        expect(pf.scans.length).toBe(n >= 40 ? 2 : 1);
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        expect((e as ParseError).line).toBeLessThanOrEqual(n);
      }
    }
  });

  it('a data block cut short names its last line, not one past the end', () => {
    const e = error(() => readPatternFile(enc(lines.slice(0, 38).join('\n') + '\n'), 'cut.ras'));
    expect(e.message).toBe('cut.ras:38: data block of scan 2 is not closed by *RAS_INT_END: file truncated?');
  });
});

describe('XRDML value errors name the line holding the value', () => {
  const xml = readFileSync(join(FIX, 'XRD-918-16_10.xrdml'), 'utf8');

  it('a NaN in <intensities> on line 90 (the <dataPoints> is on 77)', () => {
    const bad = xml.replace('<intensities unit="counts">1305 1310', '<intensities unit="counts">1305 NaN');
    expect(error(() => readPatternFile(enc(bad), 'n.xrdml')).message).toBe('n.xrdml:90: intensity is not finite: "NaN"');
  });

  it('a value on a later line of a wrapped list, and a dropped reading, name their own lines', () => {
    // the values wrapped 1000 to a line: value k is on line 90 + floor(k / 1000)
    const [head, rest] = xml.split('<intensities unit="counts">');
    const [list, tail] = [rest.slice(0, rest.indexOf('<')), rest.slice(rest.indexOf('<'))];
    const v = list.trim().split(/\s+/);
    const wrap = (vals: string[]) => vals.map((x, i) => (i && i % 1000 === 0 ? `\n${x}` : x)).join(' ');
    const nan = [...v];
    nan[2500] = 'inf';
    expect(error(() => readPatternFile(enc(`${head}<intensities unit="counts">${wrap(nan)}${tail}`), 'w.xrdml')).line).toBe(92);
    const zero = [...v];
    zero[3100] = '0';
    const p = readPatternFile(enc(`${head}<intensities unit="counts">${wrap(zero)}${tail}`), 'w.xrdml').scans[0];
    const e = error(() => refuseBadPoints(p, () => true));
    expect(e.line).toBe(93);
    expect(e.message).toMatch(/point 3101 .*intensity 0 among counts of about/);
  });

  it('listPositions and attenuation factors (XRDML 2.0 fixture)', () => {
    const v2 = readFileSync(join(FIX, 'synthetic/xrdml_v2_counts.xrdml'), 'utf8');
    const lineOf = (s: string) => v2.slice(0, v2.indexOf(s)).split('\n').length;
    const list = /<listPositions>([^<]*)</.exec(v2)!;
    const badList = v2.replace(list[0], list[0].replace(/(\S+)\s*</, 'x<'));
    expect(error(() => readPatternFile(enc(badList), 'v2.xrdml')).line).toBe(lineOf('<listPositions>'));
    const att = /<beamAttenuationFactors>([^<]*)</.exec(v2);
    if (att) {
      const badAtt = v2.replace(att[0], att[0].replace(/(\S+)\s*</, '-1<'));
      expect(error(() => readPatternFile(enc(badAtt), 'v2.xrdml')).line).toBe(lineOf('<beamAttenuationFactors>'));
    }
  });
});
