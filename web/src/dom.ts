// A few DOM helpers instead of a framework: elements built from attributes and children.
type Child = Node | string | null | undefined | false;
type Listener = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | Listener | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) parent.append(child);
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A labelled text input (the label wraps it, so no id is needed). */
export function field(label: string, attrs: Attrs): { wrapper: HTMLLabelElement; input: HTMLInputElement } {
  const input = h('input', attrs);
  return { wrapper: h('label', { class: 'field' }, h('span', {}, label), input), input };
}

/** Makes `parent`'s children exactly `wanted`, in order, moving only what is out of place. */
export function syncChildren(parent: Element, wanted: Element[]): void {
  const keep = new Set<Node>(wanted);
  for (const child of [...parent.childNodes]) if (!keep.has(child)) child.remove();
  let cursor: ChildNode | null = parent.firstChild;
  for (const element of wanted) {
    if (element === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(element, cursor);
  }
}

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
