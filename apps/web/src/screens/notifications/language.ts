import { useTranslation } from 'react-i18next';
import type { NotificationLanguage } from '@chidao/domain';

/** The language describeNotification writes in: the app's, so the list reads as the rest of the page. */
export function useNotificationLanguage(): NotificationLanguage {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language) === 'en' ? 'en' : 'vi';
}
