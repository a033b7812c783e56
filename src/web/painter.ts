/**
 * One drawing interface, two back ends: the canvas the page shows and an SVG string for download, so the
 * downloaded plot is exactly what is on screen.
 */

export interface TextStyle {
  color?: string;
  size?: number;
  weight?: 'normal' | 'bold';
  align?: 'left' | 'center' | 'right';
  baseline?: 'top' | 'middle' | 'bottom';
  /** rotated by -90 deg (a y-axis title) */
  vertical?: boolean;
}

export interface Painter {
  /** a polyline through interleaved x, y pixel coordinates */
  polyline(pts: Float32Array, color: string, width: number, dash?: number[]): void;
  /** independent segments x1 y1 x2 y2 ... */
  segments(pts: Float32Array | number[], color: string, width: number, dash?: number[]): void;
  /** the region between a polyline and the horizontal line at `base`, filled */
  area(pts: Float32Array, base: number, fill: string): void;
  /** small round markers */
  markers(pts: Float32Array, color: string, radius: number): void;
  rect(x: number, y: number, w: number, h: number, fill: string | null, stroke?: string): void;
  text(s: string, x: number, y: number, style?: TextStyle): void;
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export class CanvasPainter implements Painter {
  constructor(private readonly ctx: CanvasRenderingContext2D) {}

  polyline(pts: Float32Array, color: string, width: number, dash: number[] = []): void {
    if (pts.length < 4) return;
    const c = this.ctx;
    c.beginPath();
    c.moveTo(pts[0], pts[1]);
    for (let i = 2; i < pts.length; i += 2) c.lineTo(pts[i], pts[i + 1]);
    this.stroke(color, width, dash);
  }

  area(pts: Float32Array, base: number, fill: string): void {
    if (pts.length < 4) return;
    const c = this.ctx;
    c.beginPath();
    c.moveTo(pts[0], base);
    for (let i = 0; i < pts.length; i += 2) c.lineTo(pts[i], pts[i + 1]);
    c.lineTo(pts[pts.length - 2], base);
    c.closePath();
    c.fillStyle = fill;
    c.fill();
  }

  segments(pts: Float32Array | number[], color: string, width: number, dash: number[] = []): void {
    const c = this.ctx;
    c.beginPath();
    for (let i = 0; i + 3 < pts.length; i += 4) {
      c.moveTo(pts[i], pts[i + 1]);
      c.lineTo(pts[i + 2], pts[i + 3]);
    }
    this.stroke(color, width, dash);
  }

  markers(pts: Float32Array, color: string, radius: number): void {
    const c = this.ctx;
    c.beginPath();
    for (let i = 0; i < pts.length; i += 2) {
      c.moveTo(pts[i] + radius, pts[i + 1]);
      c.arc(pts[i], pts[i + 1], radius, 0, 2 * Math.PI);
    }
    c.lineWidth = 1;
    c.strokeStyle = color;
    c.setLineDash([]);
    c.stroke();
  }

  rect(x: number, y: number, w: number, h: number, fill: string | null, stroke?: string): void {
    const c = this.ctx;
    if (fill) {
      c.fillStyle = fill;
      c.fillRect(x, y, w, h);
    }
    if (stroke) {
      c.strokeStyle = stroke;
      c.lineWidth = 1;
      c.setLineDash([]);
      c.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    }
  }

  text(s: string, x: number, y: number, st: TextStyle = {}): void {
    const c = this.ctx;
    c.save();
    c.fillStyle = st.color ?? '#333';
    c.font = `${st.weight ?? 'normal'} ${st.size ?? 11}px ${FONT}`;
    c.textAlign = st.align ?? 'left';
    c.textBaseline = st.baseline === 'top' ? 'top' : st.baseline === 'bottom' ? 'bottom' : 'middle';
    c.translate(x, y);
    if (st.vertical) c.rotate(-Math.PI / 2);
    c.fillText(s, 0, 0);
    c.restore();
  }

  clip(x: number, y: number, w: number, h: number): void {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(x, y, w, h);
    this.ctx.clip();
  }

  unclip(): void {
    this.ctx.restore();
  }

  private stroke(color: string, width: number, dash: number[]): void {
    const c = this.ctx;
    c.strokeStyle = color;
    c.lineWidth = width;
    c.lineJoin = 'round';
    c.setLineDash(dash);
    c.stroke();
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r2 = (v: number) => Math.round(v * 100) / 100;

export class SvgPainter implements Painter {
  private readonly parts: string[] = [];
  private clips = 0;
  private open = 0;

  constructor(private readonly width: number, private readonly height: number) {}

  polyline(pts: Float32Array, color: string, width: number, dash: number[] = []): void {
    if (pts.length < 4) return;
    let d = `M${r2(pts[0])},${r2(pts[1])}`;
    for (let i = 2; i < pts.length; i += 2) d += `L${r2(pts[i])},${r2(pts[i + 1])}`;
    this.parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}"${this.dash(dash)} stroke-linejoin="round"/>`);
  }

  area(pts: Float32Array, base: number, fill: string): void {
    if (pts.length < 4) return;
    let d = `M${r2(pts[0])},${r2(base)}`;
    for (let i = 0; i < pts.length; i += 2) d += `L${r2(pts[i])},${r2(pts[i + 1])}`;
    this.parts.push(`<path d="${d}L${r2(pts[pts.length - 2])},${r2(base)}Z" fill="${fill}" stroke="none"/>`);
  }

  segments(pts: Float32Array | number[], color: string, width: number, dash: number[] = []): void {
    let d = '';
    for (let i = 0; i + 3 < pts.length; i += 4) d += `M${r2(pts[i])},${r2(pts[i + 1])}L${r2(pts[i + 2])},${r2(pts[i + 3])}`;
    if (d) this.parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}"${this.dash(dash)}/>`);
  }

  markers(pts: Float32Array, color: string, radius: number): void {
    let d = '';
    for (let i = 0; i < pts.length; i += 2) d += `M${r2(pts[i] - radius)},${r2(pts[i + 1])}a${radius},${radius} 0 1,0 ${2 * radius},0a${radius},${radius} 0 1,0 ${-2 * radius},0`;
    if (d) this.parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1"/>`);
  }

  rect(x: number, y: number, w: number, h: number, fill: string | null, stroke?: string): void {
    this.parts.push(`<rect x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${r2(h)}" fill="${fill ?? 'none'}"${stroke ? ` stroke="${stroke}"` : ''}/>`);
  }

  text(s: string, x: number, y: number, st: TextStyle = {}): void {
    const anchor = st.align === 'center' ? 'middle' : st.align === 'right' ? 'end' : 'start';
    const base = st.baseline === 'top' ? 'hanging' : st.baseline === 'bottom' ? 'auto' : 'central';
    const rot = st.vertical ? ` transform="rotate(-90 ${r2(x)} ${r2(y)})"` : '';
    this.parts.push(
      `<text x="${r2(x)}" y="${r2(y)}" fill="${st.color ?? '#333'}" font-size="${st.size ?? 11}" font-weight="${st.weight ?? 'normal'}" text-anchor="${anchor}" dominant-baseline="${base}"${rot}>${esc(s)}</text>`,
    );
  }

  clip(x: number, y: number, w: number, h: number): void {
    const id = `clip${this.clips++}`;
    this.parts.push(`<clipPath id="${id}"><rect x="${r2(x)}" y="${r2(y)}" width="${r2(w)}" height="${r2(h)}"/></clipPath><g clip-path="url(#${id})">`);
    this.open++;
  }

  unclip(): void {
    if (this.open > 0) (this.parts.push('</g>'), this.open--);
  }

  toString(): string {
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family='${FONT}'>\n` +
      `<rect width="100%" height="100%" fill="#fff"/>\n${this.parts.join('\n')}\n</svg>\n`
    );
  }

  private dash(d: number[]): string {
    return d.length ? ` stroke-dasharray="${d.join(',')}"` : '';
  }
}
