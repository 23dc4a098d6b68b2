import { useCallback, useEffect, useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { deviceDrafts } from '../device';
import { useMe } from '../session';
import { forgetDraft, readDraft, writeDraft } from './drafts';

/**
 * Keeps what is typed into `form` on the device (device.ts, the one store of drafts: it survives a
 * reload and a closed tab) under the signed-in user and the form's
 * `name` (say `childDeadline:<assignment>`), and puts it back when the form appears again, as after
 * signing in once more when the session ended underneath the page. The caller forgets it once the
 * text is sent or the form cancelled. With no one signed in, nothing is kept. `shown`: whether the
 * form's fields are on the page now (a form behind a button, or waiting for its data).
 */
export function useKeptDraft<T extends FieldValues>(form: UseFormReturn<T>, name: string, shown = true): () => void {
  const userId = useMe().data?.id ?? null;
  useEffect(() => {
    // Put back once the form's fields are on the page: a form whose fields appear only once its
    // task's data has come (after signing in again, every query is read anew) takes the draft then.
    if (userId === null || !shown) return;
    const draft = readDraft(deviceDrafts, userId, name);
    // The defaults stay the form's own, so a reset after sending empties it instead of bringing the draft back.
    if (draft) form.reset({ ...form.getValues(), ...draft }, { keepDefaultValues: true });
    const subscription = form.watch((values) => writeDraft(deviceDrafts, userId, name, values, form.formState.defaultValues ?? {}));
    return () => subscription.unsubscribe();
  }, [form, userId, name, shown]);
  return useForgetDraft(name);
}

/** Forgets the signed-in user's draft of the form `name` (sent, or cancelled). */
export function useForgetDraft(name: string): () => void {
  const userId = useMe().data?.id ?? null;
  return useCallback(() => {
    if (userId !== null) forgetDraft(deviceDrafts, userId, name);
  }, [userId, name]);
}

/**
 * Whether the signed-in user has a kept draft of the form `name` when the component first renders:
 * a form that opens behind a button opens by itself then, so the person finds their text where it was.
 */
export function useHadKeptDraft(name: string): boolean {
  const userId = useMe().data?.id ?? null;
  const [had] = useState(() => userId !== null && readDraft(deviceDrafts, userId, name) !== null);
  return had;
}
