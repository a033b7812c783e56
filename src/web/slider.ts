/** A labelled slider with its value, its unit and a line of physics beside it. */
import { h } from './dom.js';

export interface SliderOptions {
  id: string;
  label: string;
  min: number;
  max: number;
  value: number;
  unit: string;
  digits: number;
  /** what the slider changes, in a sentence */
  physics: string;
  /** logarithmic travel (sizes) */
  log?: boolean;
  step?: number;
  onInput: (v: number) => void;
  /** on release */
  onChange?: (v: number) => void;
}

export interface Slider {
  el: HTMLElement;
  input: HTMLInputElement;
  set(v: number): void;
  value(): number;
}

const STEPS = 1000;

export function slider(o: SliderOptions): Slider {
  const toPos = (v: number) => (o.log ? (Math.log(v / o.min) / Math.log(o.max / o.min)) * STEPS : v);
  const fromPos = (p: number) => (o.log ? o.min * Math.pow(o.max / o.min, p / STEPS) : p);
  const input = h('input', {
    type: 'range', id: o.id, min: o.log ? 0 : o.min, max: o.log ? STEPS : o.max,
    step: o.log ? 1 : o.step ?? (o.max - o.min) / STEPS, 'aria-label': o.label,
  });
  const out = h('output', { for: o.id });
  let current = o.value;
  const show = (v: number) => (out.textContent = `${v.toFixed(o.digits)}${o.unit ? ` ${o.unit}` : ''}`);
  const set = (v: number) => {
    current = v;
    input.value = String(toPos(v));
    show(v);
  };
  input.addEventListener('input', () => {
    current = fromPos(Number(input.value));
    show(current);
    o.onInput(current);
  });
  input.addEventListener('change', () => o.onChange?.(current));
  set(o.value);
  const el = h('div', { class: 'slider' },
    h('div', { class: 'slider-head' }, h('label', { for: o.id }, o.label), out),
    input,
    h('p', { class: 'physics' }, o.physics),
  );
  return { el, input, set, value: () => current };
}
