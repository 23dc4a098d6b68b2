/** Small inline icons (no icon font, no CDN). Decorative: the text next to them carries the meaning. */
export type IconName = 'check' | 'clock' | 'dash' | 'flag' | 'alert' | 'undo' | 'eye' | 'bell';

const PATHS: Record<IconName, string> = {
  check: 'M4 10.5l4 4 8-9',
  clock: 'M10 5v5l3 2 M10 2a8 8 0 1 0 0.01 0',
  dash: 'M5 10h10',
  flag: 'M5 18V3 M5 3h10l-2 4 2 4H5',
  alert: 'M10 3l8 14H2z M10 8v4 M10 14.5v0.5',
  undo: 'M7 4L3 8l4 4 M3 8h9a5 5 0 0 1 0 10H8',
  eye: 'M2 10s3-6 8-6 8 6 8 6-3 6-8 6-8-6-8-6z M10 8a2 2 0 1 0 0.01 0',
  bell: 'M5 14V9a5 5 0 0 1 10 0v5l1.5 2h-13z M8.5 18.5h3',
};

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className={`icon icon--${name}`} viewBox="0 0 20 20" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
