import { useId } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { DOCUMENT_KINDS, type Draft } from '../../lib/issue';
import { issuerStanding } from '../../lib/validity';
import { SourceQuote, TextInput, type Shared } from './fields';

/** A section of the issue form: the form's controls, plus the spans the draft's fields were read from. */
export type SectionProps = Shared & { spans: Draft['spans'] | null };

/** The document itself: number, date, place, subject, urgency. */
export function DocumentSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const { register, source, spans } = sharedProps;
  return (
    <fieldset className="card">
      <legend className="card__title">{t('issue.sections.document')}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('issue.field.kind')}</label>
        <select id={`${id}-kind`} {...register('kind')} data-testid="issue-kind">
          {DOCUMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`issue.documentKind.${kind}`)}
            </option>
          ))}
        </select>
        <SourceQuote source={source} span={spans?.kind} />
      </div>
      <TextInput name="reference" label={t('issue.field.reference')} hint={t('issue.referenceHint')} span={spans?.reference} {...sharedProps} testId="issue-reference" />
      <TextInput name="date" label={t('issue.field.date')} hint={t('dateField.hint')} span={spans?.date} {...sharedProps} testId="issue-date" date />
      <IssuerStandingNote {...sharedProps} />
      <TextInput name="place" label={t('issue.field.place')} span={spans?.place} {...sharedProps} testId="issue-place" />
      <TextInput name="subject" label={t('issue.field.subject')} span={spans?.subject} {...sharedProps} testId="issue-subject" multiline />
      <div className="field">
        <label htmlFor={`${id}-urgency`}>{t('issue.field.urgency')}</label>
        <select id={`${id}-urgency`} {...register('urgency')}>
          <option value="">{t('issue.urgency.none')}</option>
          <option value="Khẩn">Khẩn</option>
          <option value="Thượng khẩn">Thượng khẩn</option>
          <option value="Hỏa tốc">Hỏa tốc</option>
        </select>
        <SourceQuote source={source} span={spans?.urgency} />
      </div>
      <label className="checkbox">
        <input type="checkbox" {...register('keyTask')} /> {t('issue.field.keyTask')}
      </label>
    </fieldset>
  );
}

/** Who signs it. */
export function SignerSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const { spans } = sharedProps;
  return (
    <fieldset className="card">
      <legend className="card__title">{t('issue.sections.signer')}</legend>
      <TextInput name="signerCapacity" label={t('issue.field.signerCapacity')} hint={t('issue.signerHint')} span={spans?.signer?.capacity ?? null} {...sharedProps} />
      <TextInput name="signerName" label={t('issue.field.signerName')} span={spans?.signer?.name ?? null} {...sharedProps} />
    </fieldset>
  );
}

/**
 * Under the date: why the issuer cannot issue on it, as soon as it is typed (Kiên Giang's committees
 * ended with 30/6/2025, so the blank form dated today cannot be issued in their name), rather than
 * only after the preview refuses it.
 */
function IssuerStandingNote({ control, issuer }: SectionProps) {
  const { t } = useTranslation();
  const date = useWatch({ control, name: 'date' });
  const standing = issuerStanding(issuer, date);
  if (standing === null) return null;
  return (
    <p className="notice" data-testid="issue-issuer-standing">
      {standing.kind === 'ended'
        ? t('validity.issuerEnded', { issuer: issuer.name, endedOn: formatDate(standing.endedOn), lastDay: formatDate(standing.lastDay), date: date.trim() })
        : t('validity.issuerNotYet', { issuer: issuer.name, firstDay: formatDate(standing.firstDay), date: date.trim() })}
    </p>
  );
}
