/** The teaching demo: two views, "Structure to pattern" and "Refine", switched by the tabs. */
import './style.css';
import { byId } from './dom.js';
import { probe } from './probe.js';
import { RefineView } from './refine-view.js';
import { StructureView } from './structure-view.js';

const views = { structure: byId('view-structure'), refine: byId('view-refine') };

function show(name: keyof typeof views): void {
  for (const [k, el] of Object.entries(views)) el.hidden = k !== name;
  for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('.tab'))) tab.setAttribute('aria-selected', String(tab.dataset.view === name));
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

for (const tab of Array.from(document.querySelectorAll<HTMLButtonElement>('.tab'))) tab.addEventListener('click', () => show(tab.dataset.view as keyof typeof views));
show(location.hash === '#refine' ? 'refine' : 'structure');
const structure = new StructureView();
const refine = new RefineView();
probe.plots = { structure: structure.plot, refine: refine.plot };
document.body.dataset.ready = 'true';
