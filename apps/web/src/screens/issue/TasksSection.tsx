import { useId } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/form/Field';
import { levelPresets, TASK_DUE_TYPES, taskDueValues, type Span } from '../../lib/issue';
import { RoleSelect, RowButton, SourceQuote, TextInput, type Shared } from './fields';
import { GroupEditor } from './GroupEditor';
import type { SectionProps } from './sections';

/** The tasks, each with the units that carry it out. */
export function TasksSection(sharedProps: SectionProps) {
  const { t } = useTranslation();
  const { control, errorOf } = sharedProps;
  const tasks = useFieldArray({ control, name: 'tasks' });
  return (
    <fieldset className="card" data-testid="issue-tasks">
      <legend className="card__title">{t('issue.sections.tasks')}</legend>
      {tasks.fields.map((field, i) => (
        <TaskRow key={field.id} index={i} span={field.span} onRemove={() => tasks.remove(i)} {...sharedProps} />
      ))}
      <FieldError message={errorOf('tasks')} announce={false} />
      <RowButton onClick={() => tasks.append({ text: '', assignees: [], span: null, ...taskDueValues(undefined) })} testId="issue-add-task">
        + {t('issue.addTask')}
      </RowButton>
    </fieldset>
  );
}

function TaskRow({ index, span, onRemove, ...shared }: Shared & { index: number; span: Span | null; onRemove: () => void }) {
  const { t } = useTranslation();
  const assignees = useFieldArray({ control: shared.control, name: `tasks.${index}.assignees` });
  // Most tasks of a new directive go to everyone it addresses: one click adds every recipient group not yet here.
  const assignAll = () => {
    const present = new Set(shared.getValues(`tasks.${index}.assignees`).map((a) => JSON.stringify(a.group)));
    for (const r of shared.getValues('recipients')) {
      const usable = r.group.type === 'level' || (r.group.type === 'units' && r.group.unitIds.length > 0);
      if (!usable || present.has(JSON.stringify(r.group))) continue;
      present.add(JSON.stringify(r.group));
      assignees.append({ group: structuredClone(r.group), role: r.role, span: null });
    }
  };
  return (
    <div className="issue__row" data-testid="issue-task">
      <TextInput name={`tasks.${index}.text`} label={t('issue.field.task', { n: index + 1 })} span={span} {...shared} multiline />
      <p className="issue__subtitle">{t('issue.assignees')}</p>
      {assignees.fields.map((field, j) => (
        <div key={field.id} className="issue__assignee">
          <SourceQuote source={shared.source} span={field.span} />
          <GroupEditor name={`tasks.${index}.assignees.${j}.group`} {...shared} />
          {field.group.type !== 'level' ? <RoleSelect name={`tasks.${index}.assignees.${j}.role`} register={shared.register} /> : null}
          <RowButton onClick={() => assignees.remove(j)}>{t('issue.removeAssignee')}</RowButton>
        </div>
      ))}
      <FieldError message={shared.errorOf(`tasks.${index}.assignees`)} announce={false} />
      <TaskDue index={index} {...shared} />
      <div className="button-row">
        <RowButton onClick={assignAll} testId="issue-assign-all">
          + {t('issue.assignAll')}
        </RowButton>
        <RowButton onClick={() => assignees.append({ group: { type: 'units', unitIds: [] }, role: 'lead', span: null })}>+ {t('issue.addUnit')}</RowButton>
        <RowButton
          onClick={() => {
            const first = levelPresets(shared.units)[0]?.group ?? { type: 'level' as const, level: shared.units[0]?.level ?? '', kinds: ['people_committee' as const] };
            assignees.append({ group: { ...first, kinds: [...first.kinds] }, role: 'lead', span: null });
          }}
        >
          + {t('issue.addLevel')}
        </RowButton>
        <RowButton onClick={onRemove}>{t('issue.removeTask')}</RowButton>
      </div>
    </div>
  );
}

/** The task's own deadline: with the report (default), a date, N working days from receipt, or none (thường xuyên). */
function TaskDue({ index, ...shared }: Shared & { index: number }) {
  const { t } = useTranslation();
  const id = useId();
  const dueType = useWatch({ control: shared.control, name: `tasks.${index}.dueType` });
  return (
    <div className="issue__task-due">
      <div className="field">
        <label htmlFor={id}>{t('issue.field.taskDue')}</label>
        <select id={id} {...shared.register(`tasks.${index}.dueType`)} data-testid="issue-task-due">
          {TASK_DUE_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`issue.taskDue.${type}`)}
            </option>
          ))}
        </select>
      </div>
      {dueType === 'date' ? <TextInput name={`tasks.${index}.dueDate`} label={t('issue.field.taskDueDate')} hint={t('dateField.hint')} {...shared} date /> : null}
      {dueType === 'workingDays' ? <TextInput name={`tasks.${index}.dueDays`} label={t('issue.field.days')} {...shared} /> : null}
    </div>
  );
}
