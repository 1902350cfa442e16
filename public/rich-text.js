// Rich text for the workspace's HTML text fields, limited by construction to what PVOG allows
// (p, br, h1–h6, strong/b, em/i, sup, sub, ul, ol, li, a[href]): a ProseMirror editor whose schema
// holds exactly these nodes and marks, so no tag is ever shown or typed. It writes the HTML back
// into the field's textarea (which stays in the form: without JavaScript it is the editor, and the
// server sanitises as always). Pasting from Word or the web keeps what the schema holds and says
// what it dropped.
import { Schema, DOMParser, DOMSerializer } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { baseKeymap, toggleMark, setBlockType, chainCommands, exitCode } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { history, undo, redo } from 'prosemirror-history';
import { wrapInList, splitListItem, liftListItem, sinkListItem } from 'prosemirror-schema-list';

const en = document.documentElement.lang === 'en';
const t = (de, english) => (en ? english : de);

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { content: 'inline*', group: 'block', parseDOM: [{ tag: 'p' }, { tag: 'div' }], toDOM: () => ['p', 0] },
    heading: {
      attrs: { level: { default: 3 } }, content: 'inline*', group: 'block', defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level } })),
      toDOM: (node) => [`h${node.attrs.level}`, 0],
    },
    bullet_list: { content: 'list_item+', group: 'block', parseDOM: [{ tag: 'ul' }], toDOM: () => ['ul', 0] },
    ordered_list: { content: 'list_item+', group: 'block', parseDOM: [{ tag: 'ol' }], toDOM: () => ['ol', 0] },
    list_item: { content: 'paragraph block*', defining: true, parseDOM: [{ tag: 'li' }], toDOM: () => ['li', 0] },
    text: { group: 'inline' },
    hard_break: { inline: true, group: 'inline', selectable: false, parseDOM: [{ tag: 'br' }], toDOM: () => ['br'] },
  },
  marks: {
    link: {
      attrs: { href: {} }, inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: dom.getAttribute('href') }) }],
      toDOM: (mark) => ['a', { href: mark.attrs.href }, 0],
    },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight=bold' }], toDOM: () => ['strong', 0] },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }, { style: 'font-style=italic' }], toDOM: () => ['em', 0] },
    sup: { excludes: 'sub', parseDOM: [{ tag: 'sup' }], toDOM: () => ['sup', 0] },
    sub: { excludes: 'sup', parseDOM: [{ tag: 'sub' }], toDOM: () => ['sub', 0] },
  },
});

const ALLOWED = new Set(['P', 'BR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'B', 'STRONG', 'I', 'EM', 'SUP', 'SUB', 'UL', 'OL', 'LI', 'A', 'DIV', 'SPAN', 'BODY', 'HTML', 'HEAD', 'META', 'STYLE', 'O:P']);
const NAMES = { TABLE: t('Tabellen', 'tables'), IMG: t('Bilder', 'images'), FONT: t('Schriftarten', 'fonts'), U: t('Unterstreichungen', 'underlining'), SCRIPT: 'Skripte', IFRAME: t('eingebettete Inhalte', 'embedded content'), PRE: t('vorformatierter Text', 'preformatted text'), BLOCKQUOTE: t('Zitatblöcke', 'block quotes') };

/** What pasted HTML holds beyond the schema, in words (shown after pasting). */
function droppedFrom(html) {
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  const found = new Set();
  doc.body.querySelectorAll('*').forEach((el) => {
    if (!ALLOWED.has(el.tagName)) found.add(NAMES[el.tagName] || t('weitere Formatierungen', 'other formatting'));
    if (el.tagName === 'A' && !/^(https?:|mailto:|tel:)/i.test(el.getAttribute('href') || '')) found.add(t('Links ohne gültige Adresse', 'links without a valid address'));
  });
  if (doc.body.querySelector('[style*="color"], [style*="font-size"], [class]')) found.add(t('Farben, Schriftgrößen und Formatvorlagen', 'colours, font sizes and styles'));
  return [...found];
}

const serializer = DOMSerializer.fromSchema(schema);
function toHtml(doc) {
  const box = document.createElement('div');
  box.appendChild(serializer.serializeFragment(doc.content));
  // A list item of one paragraph is written as the portals store it: <li>text</li>.
  box.querySelectorAll('li').forEach((li) => {
    if (li.childNodes.length === 1 && li.firstChild.nodeName === 'P') li.replaceChildren(...li.firstChild.childNodes);
  });
  // An empty editor is an empty field, not "<p></p>".
  return doc.childCount === 1 && doc.firstChild.type === schema.nodes.paragraph && doc.firstChild.content.size === 0 ? '' : box.innerHTML;
}

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  return empty ? Boolean(type.isInSet(state.storedMarks || $from.marks())) : state.doc.rangeHasMark(from, to, type);
}

function linkCommand(state, dispatch) {
  const type = schema.marks.link;
  if (markActive(state, type)) { if (dispatch) dispatch(state.tr.removeMark(state.selection.from, state.selection.to, type)); return true; }
  if (state.selection.empty) return false;
  if (dispatch) {
    const href = window.prompt(t('Adresse des Links (https://…)', 'Link address (https://…)'), 'https://');
    if (!href || !/^(https?:\/\/|mailto:|tel:)/i.test(href.trim())) return true;
    dispatch(state.tr.addMark(state.selection.from, state.selection.to, type.create({ href: href.trim() })));
  }
  return true;
}

const TOOLS = [
  { label: t('Fett', 'Bold'), keys: 'Strg+B', mark: 'strong', run: toggleMark(schema.marks.strong) },
  { label: t('Kursiv', 'Italic'), keys: 'Strg+I', mark: 'em', run: toggleMark(schema.marks.em) },
  { label: t('Hochgestellt', 'Superscript'), mark: 'sup', run: toggleMark(schema.marks.sup) },
  { label: t('Tiefgestellt', 'Subscript'), mark: 'sub', run: toggleMark(schema.marks.sub) },
  { label: t('Überschrift', 'Heading'), run: setBlockType(schema.nodes.heading, { level: 3 }) },
  { label: t('Absatz', 'Paragraph'), run: setBlockType(schema.nodes.paragraph) },
  { label: t('Aufzählung', 'Bullet list'), keys: 'Strg+Umschalt+8', run: wrapInList(schema.nodes.bullet_list) },
  { label: t('Nummerierung', 'Numbered list'), keys: 'Strg+Umschalt+9', run: wrapInList(schema.nodes.ordered_list) },
  { label: 'Link', keys: 'Strg+K', mark: 'link', run: linkCommand },
  { label: t('Rückgängig', 'Undo'), keys: 'Strg+Z', run: undo },
  { label: t('Wiederholen', 'Redo'), keys: 'Strg+Y', run: redo },
];

function setup(area) {
  const label = area.labels && area.labels[0] ? area.labels[0].textContent.trim() : t('Text', 'Text');
  const box = document.createElement('div');
  box.className = 'rte';
  const bar = document.createElement('div');
  bar.className = 'rte-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', t('Formatierung: ', 'Formatting: ') + label);
  const note = document.createElement('p');
  note.className = 'rte-note';
  note.setAttribute('role', 'status');
  const mount = document.createElement('div');
  box.append(bar, mount, note);
  area.insertAdjacentElement('afterend', box);
  area.hidden = true;

  const source = document.createElement('div');
  source.innerHTML = area.value;
  let view;
  const buttons = TOOLS.map((tool) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary small';
    b.textContent = tool.label;
    if (tool.keys) b.title = tool.keys;
    if (tool.mark) b.setAttribute('aria-pressed', 'false');
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => { tool.run(view.state, view.dispatch, view); view.focus(); });
    bar.appendChild(b);
    return { tool, b };
  });
  const refresh = (state) => {
    for (const { tool, b } of buttons) {
      if (tool.mark) b.setAttribute('aria-pressed', String(markActive(state, schema.marks[tool.mark])));
      b.disabled = !tool.run(state);
      if (tool.mark === 'link') b.disabled = false;
    }
  };
  const state = EditorState.create({
    doc: DOMParser.fromSchema(schema).parse(source),
    plugins: [
      history(),
      keymap({
        'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo,
        'Mod-b': toggleMark(schema.marks.strong), 'Mod-i': toggleMark(schema.marks.em), 'Mod-k': linkCommand,
        'Shift-Mod-8': wrapInList(schema.nodes.bullet_list), 'Shift-Mod-9': wrapInList(schema.nodes.ordered_list),
        'Shift-Enter': chainCommands(exitCode, (s, dispatch) => { if (dispatch) dispatch(s.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView()); return true; }),
        Enter: splitListItem(schema.nodes.list_item), 'Mod-[': liftListItem(schema.nodes.list_item), 'Mod-]': sinkListItem(schema.nodes.list_item),
      }),
      keymap(baseKeymap),
    ],
  });
  view = new EditorView(mount, {
    state,
    attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, class: 'rte-content', lang: area.getAttribute('lang') || 'de', spellcheck: 'true' },
    transformPastedHTML(html) {
      const dropped = droppedFrom(html);
      note.textContent = dropped.length ? t('Beim Einfügen entfernt (im Portal nicht erlaubt): ', 'Removed when pasting (not allowed in the portals): ') + dropped.join(', ') + '.' : '';
      return html;
    },
    dispatchTransaction(tr) {
      const next = view.state.apply(tr);
      view.updateState(next);
      if (tr.docChanged) {
        area.value = toHtml(next.doc);
        area.dispatchEvent(new Event('input', { bubbles: true }));
      }
      refresh(next);
    },
  });
  refresh(view.state);
}

document.querySelectorAll('textarea[data-rte]').forEach(setup);
