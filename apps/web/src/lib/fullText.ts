/**
 * A directive's full text as paragraphs to read: blocks between blank lines, each keeping its own line
 * breaks (a header's two lines, a signature block), with Markdown's bold and italic markers dropped
 * (a dispatch copied from a web page or typed in Markdown carries them) and no empty block.
 */
export function fullTextParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\*\*|__/g, '')
    .replace(/(^|\s)\*([^*\n]+)\*(?=\s|$|[.,;:])/g, '$1$2')
    .split(/\n[ \t]*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join('\n'),
    )
    .filter((block) => block !== '');
}
