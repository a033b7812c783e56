/**
 * SVG to PNG with @resvg/resvg-js (a native module: Node only; kept apart so a browser bundle
 * can leave it out). Text uses the system's fonts, sans-serif meaning DejaVu Sans where present
 * (Debian's fonts-dejavu-core); font files may be added with XRD_FONT_FILES (paths joined by the
 * path delimiter) or the `fontFiles` option, for a machine without system fonts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** extra font files (TTF/OTF) to load besides the system's */
  fontFiles?: string[];
  /** family used for sans-serif and when a family is not found */
  defaultFontFamily?: string;
}

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', '/System/Library/Fonts', '/Library/Fonts', 'C:\\Windows\\Fonts'];
const PREFERRED_FAMILIES = [
  { family: 'DejaVu Sans', files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] },
  { family: 'Liberation Sans', files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'] },
  { family: 'Noto Sans', files: ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf'] },
];

let cachedDefault: string | undefined;

/** A sans-serif family that is installed here (DejaVu Sans on Debian), else DejaVu Sans as a name. */
function defaultFamily(): string {
  if (cachedDefault) return cachedDefault;
  cachedDefault = PREFERRED_FAMILIES.find((f) => f.files.some((p) => existsSync(p)))?.family ?? 'DejaVu Sans';
  return cachedDefault;
}

/** Whether the machine has any font file in the usual places (no fonts: text is not drawn). */
export function systemFontsAvailable(): boolean {
  const hasFont = (dir: string, depth: number): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.isFile() && /\.(ttf|otf|ttc)$/i.test(e.name)) return true;
      if (e.isDirectory() && depth > 0 && hasFont(join(dir, e.name), depth - 1)) return true;
    }
    return false;
  };
  return FONT_DIRS.some((d) => hasFont(d, 4));
}

/**
 * Render an SVG document to PNG bytes, scaled to `widthPx` (default: the SVG's own width).
 * Throws when the SVG cannot be parsed.
 */
export function svgToPng(svg: string, widthPx?: number, options: PngOptions = {}): Uint8Array {
  const envFiles = (process.env.XRD_FONT_FILES ?? '').split(delimiter).filter((p) => p && existsSync(p));
  const fontFiles = [...envFiles, ...(options.fontFiles ?? [])];
  const family = options.defaultFontFamily ?? defaultFamily();
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: widthPx ? { mode: 'width', value: Math.round(widthPx) } : { mode: 'original' },
    font: {
      loadSystemFonts: true,
      fontFiles,
      defaultFontFamily: family,
      sansSerifFamily: family,
    },
    shapeRendering: 2, // geometricPrecision: anti-aliased
    textRendering: 1, // optimizeLegibility
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
