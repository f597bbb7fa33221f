/**
 * What a map popup says about an alert or a case, as DOM (MapLibre popups take an element): text
 * only through `textContent`, so a message can never inject markup.
 */
import type { AlertProps, CaseProps } from '../types.ts';
import { LEVEL_COLOR, LIGHT_COLOR } from './colors.ts';

/** The words a popup needs, already translated. */
export interface PopupWords {
  level(level: AlertProps['level']): string;
  category(code: string): string;
  state(state: CaseProps['state']): string;
  light(light: CaseProps['light']): string;
  raisedAt(ms: number): string;
  dueAt(ms: number): string;
  openCase: string;
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An alert's popup. */
export function alertPopup(p: AlertProps, w: PopupWords): HTMLElement {
  const root = el('div', 'popup');
  const head = el('div', 'popup-head');
  const chip = el('span', 'popup-chip', w.level(p.level));
  chip.style.background = LEVEL_COLOR[p.level];
  head.append(chip, el('strong', '', p.category ? w.category(p.category) : ''));
  root.append(head, el('p', 'popup-text', p.message), el('p', 'popup-meta', w.raisedAt(p.raisedAt)));
  return root;
}

/** A case's popup, with a button that opens the case. */
export function casePopup(p: CaseProps, w: PopupWords, open: (id: string) => void): HTMLElement {
  const root = el('div', 'popup');
  const head = el('div', 'popup-head');
  const chip = el('span', 'popup-chip', w.light(p.light));
  if (p.light) chip.style.background = LIGHT_COLOR[p.light];
  head.append(chip, el('strong', '', p.code));
  root.append(head, el('p', 'popup-text', `${w.category(p.category)} · ${w.state(p.state)}`));
  if (p.dueAt !== null) root.append(el('p', 'popup-meta', w.dueAt(p.dueAt)));
  const button = el('button', 'popup-open', w.openCase) as HTMLButtonElement;
  button.type = 'button';
  button.addEventListener('click', () => open(p.id));
  root.append(button);
  return root;
}
