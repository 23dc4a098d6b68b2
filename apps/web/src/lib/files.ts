/** A file as the upload procedures take it. */
export interface Upload {
  readonly name: string;
  readonly base64: string;
}

/** A picked file as an upload procedure takes it: its name and its bytes in base64 (in slices, so a 2 MiB file never overflows the call stack). */
export async function uploadOf(file: File): Promise<Upload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, base64: btoa(binary) };
}
