import { DomainError, documentKindOf, getUnit, resolveGroup, slugify, type Unit } from '@chidao/domain';
import { composedText, exportEdxml } from '@chidao/intake';
import type { AuthedContext } from './context';

export const EDXML_TYPE = 'application/xml; charset=utf-8';

/** The receiving organisations a package names (To): the units the directive addresses, at most this many. */
const MAX_TO = 500;

/** A unit's identifier in a package: its official code where it has one, else its id here (the mã định danh of QĐ 20/2020 is not kept). */
const organ = (unit: Unit) => ({ organId: unit.code ?? unit.id, organName: unit.name });

/**
 * An issued directive as an edXML package (QCVN 102:2016/BTTTT), for its issuing unit's leadership
 * only (anyone else: DIRECTIVE_NOT_FOUND, as for one that does not exist): the header from the
 * directive, its text (the dispatch it was read from, or one written from the form) as an attachment.
 * The package is read back before it is handed out (exportEdxml).
 */
export async function directiveEdxmlFor(ctx: AuthedContext, directiveId: string): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  const summary = await ctx.access.directive(directiveId);
  try {
    ctx.access.issueFor(summary.issuerUnitId);
  } catch {
    throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
  }
  const [directive, hierarchy] = await Promise.all([ctx.repos.directives.get(summary.id), ctx.access.treeOf(summary.id)]);
  if (!directive) throw new DomainError('DIRECTIVE_NOT_FOUND', 'No such directive', { directiveId });
  const issuer = getUnit(hierarchy, directive.issuerUnitId);
  const addressed = new Map<string, Unit>();
  for (const recipient of directive.recipients) {
    for (const unit of resolveGroup(hierarchy, issuer.id, recipient.group)) if (addressed.size < MAX_TO) addressed.set(unit.id, unit);
  }
  const signer = directive.signer.name || directive.signer.capacity ? directive.signer : null;
  const text =
    directive.sourceText ??
    composedText({
      issuerName: issuer.name,
      reference: directive.reference,
      place: directive.place,
      date: directive.date,
      subject: directive.subject,
      recipients: directive.recipients.map((r) => r.text),
      tasks: directive.tasks.map((t) => t.text),
      signer,
    });
  const name = slugify(directive.reference);
  const xml = await exportEdxml({
    documentId: directive.id,
    from: organ(issuer),
    to: [...addressed.values()].map(organ),
    toPlaces: directive.recipients.map((r) => r.text),
    reference: directive.reference,
    place: directive.place,
    date: directive.date,
    kind: documentKindOf(directive.kind),
    subject: directive.subject,
    urgency: directive.urgency,
    signer,
    dueDate: directive.deadlines[0]?.due ?? null,
    text,
    textName: `${name}.txt`,
    sentAt: new Date().toISOString(),
  });
  return { filename: `${name}.edxml`, contentType: EDXML_TYPE, bytes: Buffer.from(xml, 'utf8') };
}
