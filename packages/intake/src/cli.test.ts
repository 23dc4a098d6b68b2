import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pagePictures, textPdf } from './file-fixtures';
import { FIXTURES_DIR } from './fixtures';
import { parseDispatch } from './parse';
import type { DispatchDraft } from './types';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = join(packageDir, '..', '..');
const cli = join(packageDir, 'src', 'cli.ts');

function intake(args: string[], cwd = packageDir) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each case starts Node with tsx (and npm), about a second apiece, more on a loaded machine.
describe('intake CLI', { timeout: 30_000 }, () => {
  it('prints the draft of a dispatch as JSON and exits 0', () => {
    const file = join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt');
    const { status, stdout, stderr } = intake([file]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const draft = JSON.parse(stdout) as DispatchDraft;
    expect(draft).toEqual(parseDispatch(readFileSync(file, 'utf8')));
    expect(Object.keys(draft)).toEqual([
      'kind', 'reference', 'issuer', 'place', 'date', 'subject', 'urgency', 'recipients', 'tasks', 'targets', 'unitTargets', 'deadlines',
      'beforeDate', 'coordinator', 'signer', 'copiesTo', 'progressReports', 'basis', 'unrecognized', 'spans',
    ]);
  });

  it('says on stderr that a text is not a dispatch and exits 2', () => {
    const { status, stdout, stderr } = intake([join(FIXTURES_DIR, 'not-a-dispatch.txt')]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/not-a-dispatch\.txt: This does not read as an official document/);
  });

  it('exits 2 for a missing file and without an argument', () => {
    expect(intake([join(FIXTURES_DIR, 'no-such-file.txt')])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringMatching(/no such file/) });
    expect(intake([])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^usage: npm run intake -- </) });
  });

  it('reads a .docx', () => {
    const { status, stdout } = intake([join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.docx')]);
    expect(status).toBe(0);
    const fromDocx = JSON.parse(stdout) as DispatchDraft;
    const fromText = parseDispatch(readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt'), 'utf8'));
    const values = ({ spans: _s, unrecognized, ...rest }: DispatchDraft) => ({ ...rest, unrecognized: unrecognized.map((u) => u.text) });
    expect(values(fromDocx)).toEqual(values(fromText));
  });

  it('runs as `npm run intake -- <file>` from the root with a path relative to the caller', () => {
    const fromRoot = spawnSync('npm', ['run', '--silent', 'intake', '--', 'packages/intake/fixtures/cong-van-1119-UBND-KGVX.txt'], {
      cwd: rootDir,
      encoding: 'utf8',
    });
    expect(fromRoot.status).toBe(0);
    expect((JSON.parse(fromRoot.stdout) as DispatchDraft).reference).toBe('1119/UBND-KGVX');
    const fromFixtures = spawnSync('npm', ['run', '--silent', 'intake', '--', 'not-a-dispatch.txt'], { cwd: FIXTURES_DIR, encoding: 'utf8' });
    expect(fromFixtures.status).toBe(2);
    expect(fromFixtures.stderr).toMatch(/not-a-dispatch\.txt: This does not read as an official document/);
  });

  it('reads a PDF, and a picture (.jpg) through OCR, with the page of each line', { timeout: 120_000 }, async () => {
    const seed = readFileSync(join(FIXTURES_DIR, 'cong-van-1119-UBND-KGVX.txt'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'chidao-cli-'));
    try {
      const pdf = await textPdf(seed);
      writeFileSync(join(dir, '1119.pdf'), pdf);
      writeFileSync(join(dir, 'trang-1.jpg'), (await pagePictures(pdf, 200, 'jpeg'))[0]!);
      const fromPdf = intake([join(dir, '1119.pdf')]);
      expect(fromPdf.status).toBe(0);
      const draft = JSON.parse(fromPdf.stdout) as DispatchDraft;
      const expected = parseDispatch(seed);
      expect({ reference: draft.reference, date: draft.date, tasks: draft.tasks.length }).toEqual({
        reference: expected.reference,
        date: expected.date,
        tasks: expected.tasks.length,
      });
      expect(draft.layout?.pages[0]).toEqual({ number: 1, origin: 'text', confidence: null });
      const fromJpeg = intake([join(dir, 'trang-1.jpg')]);
      expect(fromJpeg.status).toBe(0);
      const scanned = JSON.parse(fromJpeg.stdout) as DispatchDraft;
      expect({ reference: scanned.reference, issuer: scanned.issuer }).toEqual({ reference: expected.reference, issuer: expected.issuer });
      expect(scanned.layout).toMatchObject({ kind: 'image', pages: [{ number: 1, origin: 'ocr', confidence: expect.any(Number) }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
