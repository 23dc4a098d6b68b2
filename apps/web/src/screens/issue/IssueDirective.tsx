import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { vietnamDay } from '../../lib/dates';
import { blankForm, formFromDraft, type IssueOptions, type ParseResult } from '../../lib/issue';
import { DraftForm, type IssueStep } from './DraftForm';
import { BlankStart, SourceStep } from './SourceStep';

/** Where the form's content comes from: a dispatch read by intake, or a blank form ("Soạn mới"). */
type Start = { readonly kind: 'parsed'; readonly parsed: ParseResult } | { readonly kind: 'blank'; readonly options: IssueOptions };

/**
 * "Ban hành văn bản chỉ đạo": paste or upload a dispatch and correct the draft read from it (each
 * field quoting the text it came from), or write one on a blank form; preview who receives it and
 * by when, then issue it.
 */
export function IssueDirective() {
  const { t } = useTranslation();
  const [start, setStart] = useState<Start | null>(null);
  const [step, setStep] = useState<IssueStep>('source');
  // Changing step hides the panel that held focus ("Đọc", "Soạn mới", the way back): focus goes to
  // the page's heading, followed by the list of steps naming the current one, instead of the body.
  // The preview focuses its own heading (DraftForm).
  const heading = useRef<HTMLHeadingElement>(null);
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    if (step !== 'preview') heading.current?.focus();
  }, [step]);
  return (
    <div className="page issue">
      <h1 id="page-title" tabIndex={-1} ref={heading}>
        {t('issue.title')}
      </h1>
      <ol className="steps" aria-label={t('issue.stepsLabel')}>
        {(['source', 'form', 'preview'] as const).map((s, i) => (
          <li key={s} className={s === step ? 'steps__item steps__item--current' : 'steps__item'} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {t(`issue.steps.${s}`)}
          </li>
        ))}
      </ol>
      <div hidden={step !== 'source'}>
        <BlankStart
          onStart={(options) => {
            // Back from a blank form and "Soạn mới" again: the same form, as it was left.
            if (start?.kind !== 'blank') setStart({ kind: 'blank', options });
            setStep('form');
          }}
        />
        <SourceStep
          onParsed={(parsed) => {
            setStart({ kind: 'parsed', parsed });
            setStep('form');
          }}
        />
      </div>
      {start?.kind === 'parsed' ? (
        <DraftForm
          key={`parsed:${start.parsed.source}`}
          source={start.parsed.source}
          draft={start.parsed.draft}
          issuer={start.parsed.issuer}
          units={start.parsed.units}
          defaults={formFromDraft(start.parsed.draft)}
          step={step}
          setStep={setStep}
        />
      ) : null}
      {start?.kind === 'blank' ? (
        <DraftForm
          key="blank"
          source={null}
          draft={null}
          issuer={start.options.issuer}
          units={start.options.units}
          defaults={blankForm({ place: start.options.place, today: vietnamDay(new Date().toISOString())! })}
          step={step}
          setStep={setStep}
        />
      ) : null}
    </div>
  );
}
