/**
 * What "safe" means for HTML the extension builds from hostile input: no element that runs or
 * loads anything, no event-handler attribute, no link with a scheme other than http(s) (or a
 * fragment), no resource attribute at all (every image, frame, media, object source loads
 * something), no CSS that loads or runs. Used on the renderers' output in Node (happy-dom) and,
 * as the same rules, in Chromium.
 */
import { Window } from 'happy-dom';

export const FORBIDDEN_TAGS = [
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'style',
  'form',
  'input',
  'textarea',
  'select',
  'img',
  'image',
  'video',
  'audio',
  'source',
  'track',
  'picture',
  'foreignobject',
  'animate',
  'set',
  'animatetransform',
  'animatemotion',
  'use',
  'template',
  'noscript',
  'isindex',
  'marquee',
  'details',
];
const LINK_ATTRS = ['href', 'xlink:href', 'action', 'formaction'];
const LOAD_ATTRS = ['src', 'srcset', 'srcdoc', 'poster', 'data', 'background', 'lowsrc', 'dynsrc'];

let win: Window | undefined;

export function dangers(html: string): string[] {
  win ??= new Window();
  const root = win.document.createElement('div');
  root.innerHTML = html;
  const out: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (FORBIDDEN_TAGS.includes(tag)) out.push(`<${tag}>`);
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      const value = (a.value ?? '').trim();
      if (name.startsWith('on')) out.push(`${tag}[${name}]`);
      if (LOAD_ATTRS.includes(name)) out.push(`${tag}[${name}=${value.slice(0, 60)}]`);
      if (LINK_ATTRS.includes(name) && value && !/^(https?:\/\/|#)/i.test(value))
        out.push(`${tag}[${name}=${value.slice(0, 60)}]`);
      if (name === 'style' && /url\s*\(|expression\s*\(|@import|binding|behavior|\\/i.test(value))
        out.push(`${tag}[style=${value.slice(0, 60)}]`);
    }
  }
  return out;
}
