import { useTranslation } from 'react-i18next';

/** The roles the page explains, in the order work flows down and reports come back up. */
const ROLES = ['commune', 'district', 'province', 'coordinator', 'operator'] as const;
/** Each role's steps, by their keys in the messages (vi.ts, en.ts). */
const STEPS = ['s1', 's2', 's3', 's4'] as const;

/**
 * "Hướng dẫn sử dụng" (#/help): how each role works, in a few steps, for a person on their first day.
 * The README's "How each role works" says the same, with screenshots the browser tests take
 * (apps/devstack/src/help.browser.test.ts), so both stay true to the screens.
 */
export function HelpPage() {
  const { t } = useTranslation();
  return (
    <div className="page help">
      <h1 id="page-title" tabIndex={-1}>
        {t('help.title')}
      </h1>
      <p>{t('help.intro')}</p>
      {ROLES.map((role) => (
        <section key={role} className="card" aria-labelledby={`help-${role}`} data-testid={`help-${role}`}>
          <h2 id={`help-${role}`} className="card__title">
            {t(`help.roles.${role}.title`)}
          </h2>
          <ol>
            {STEPS.map((step) => (
              <li key={step}>{t(`help.roles.${role}.steps.${step}`)}</li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
