/** A tiny element builder: the UI is plain DOM, and this keeps its construction readable. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; testId?: string; text?: string; attrs?: Readonly<Record<string, string>> } = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className !== undefined) element.className = props.className;
  if (props.testId !== undefined) element.dataset['testid'] = props.testId;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Sets text only when it changed: the status bar repaints 4× a second and should not churn the DOM. */
export function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
