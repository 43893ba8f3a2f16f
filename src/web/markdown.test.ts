import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders the Markdown people write, in the design system’s classes', () => {
    expect(renderMarkdown('Send `Authorization: Bearer <token>`, see [the docs](https://example.org).')).toBe(
      '<p class="govuk-body">Send <code class="nonsuch-code">Authorization: Bearer &lt;token&gt;</code>, see ' +
        '<a href="https://example.org" class="govuk-link">the docs</a>.</p>\n',
    );
    expect(renderMarkdown('- one\n- two')).toContain('<ul class="govuk-list govuk-list--bullet">');
  });

  it.each([
    '<script>alert(1)</script>',
    '[x](javascript:alert(1))',
    '<img src=x onerror=alert(1)>',
    '<a href="https://x" onclick="alert(1)">x</a>',
  ])('never lets %j through as markup that runs', (text) => {
    const html = renderMarkdown(text);
    // Shown as text, escaped; never as an element or attribute.
    expect(html).not.toMatch(/<script|<img|<[a-z][^>]*\son\w+=|href="javascript:/i);
  });

  it('yields no script, event handler or javascript: link for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const html = renderMarkdown(text);
        expect(html).not.toMatch(/<script|<iframe|<img|<[a-z][^>]*\son\w+=|href="\s*javascript:/i);
      }),
      { numRuns: 500 },
    );
  });
});
