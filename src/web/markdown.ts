import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * The one way Markdown becomes HTML: markdown-it with raw HTML switched off, then sanitize-html
 * with a short allow-list, so nothing anyone writes can inject script. Elements get the design
 * system's classes.
 */

const markdown = new MarkdownIt({ html: false, linkify: true });

const classes: Record<string, string> = {
  p: 'govuk-body',
  a: 'govuk-link',
  ul: 'govuk-list govuk-list--bullet',
  ol: 'govuk-list govuk-list--number',
  h2: 'govuk-heading-m',
  h3: 'govuk-heading-s',
  code: 'nonsuch-code',
};

const withClass = (tag: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => ({
  tagName,
  attribs: { ...attribs, class: classes[tag] ?? '' },
});

export function renderMarkdown(text: string): string {
  return sanitizeHtml(markdown.render(text), {
    allowedTags: ['p', 'a', 'ul', 'ol', 'li', 'h2', 'h3', 'strong', 'em', 'code', 'pre', 'blockquote', 'br'],
    allowedAttributes: { a: ['href', 'class'], '*': ['class'] },
    allowedSchemes: ['https', 'http', 'mailto'],
    transformTags: Object.fromEntries(Object.keys(classes).map((tag) => [tag, withClass(tag)])),
  });
}
