import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CardSection } from '../../components/Card';
import { ErrorNotice } from '../../components/ErrorNotice';
import { currentPushSubscription, pushBlocked, pushSupported, PushProblem, subscribeToPush, unsubscribeFromPush } from '../../lib/push';
import { useTRPC } from '../../trpc';

/** Whether this browser is subscribed: asked of the browser itself, not of the API (it is per device). */
const DEVICE_KEY = ['push', 'device'] as const;

/**
 * Push on this device: turned on by the person (the browser asks permission), turned off here. Shown
 * only where the installation has a push key and the browser has service workers and PushManager.
 */
export function PushOnDevice({ vapidPublicKey }: { vapidPublicKey: string | null }) {
  const { t } = useTranslation();
  const titleId = useId();
  const supported = pushSupported();
  return (
    <CardSection className="push" titleId={titleId} title={t('notifications.push.title')} testId="push">
      {vapidPublicKey === null ? (
        <p className="notice notice--warning">{t('notifications.notOffered')}</p>
      ) : !supported ? (
        <p className="notice notice--warning">{t('notifications.push.unsupported')}</p>
      ) : (
        <PushToggle vapidPublicKey={vapidPublicKey} />
      )}
    </CardSection>
  );
}

function PushToggle({ vapidPublicKey }: { vapidPublicKey: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const device = useQuery({ queryKey: DEVICE_KEY, queryFn: async () => (await currentPushSubscription())?.endpoint ?? null, staleTime: Infinity });
  const subscribePush = useMutation(trpc.notifications.subscribePush.mutationOptions());
  const unsubscribePush = useMutation(trpc.notifications.unsubscribePush.mutationOptions());
  const turnOn = useMutation({
    mutationFn: async () => {
      const subscription = await subscribeToPush(vapidPublicKey);
      try {
        await subscribePush.mutateAsync(subscription);
      } catch (error) {
        // A subscription the server does not know would look on here and never receive anything.
        await unsubscribeFromPush().catch(() => null);
        throw error;
      }
      return subscription.endpoint;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: DEVICE_KEY }),
  });
  const turnOff = useMutation({
    mutationFn: async () => {
      const endpoint = await unsubscribeFromPush();
      if (endpoint) await unsubscribePush.mutateAsync({ endpoint });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: DEVICE_KEY }),
  });
  const busy = turnOn.isPending || turnOff.isPending;
  const on = typeof device.data === 'string';
  const problem = turnOn.error ?? turnOff.error;
  return (
    <>
      <p data-testid="push-state" data-on={on}>
        {on ? t('notifications.push.on') : t('notifications.push.off')}
      </p>
      {pushBlocked() && !on ? <p className="notice notice--warning">{t('notifications.push.denied')}</p> : null}
      <div className="button-row">
        {on ? (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => turnOff.mutate()}>
            {t('notifications.push.stop')}
          </button>
        ) : (
          <button type="button" className="button button--primary" disabled={busy || device.isPending} onClick={() => turnOn.mutate()} data-testid="push-start">
            {t('notifications.push.start')}
          </button>
        )}
      </div>
      {problem instanceof PushProblem ? (
        <p className="notice notice--error" role="alert">
          {t(`notifications.push.problems.${problem.reason}`)}
        </p>
      ) : problem ? (
        <ErrorNotice error={problem} />
      ) : null}
    </>
  );
}
