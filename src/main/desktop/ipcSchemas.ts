/**
 * Validators for every IPC payload main accepts. The preload forwards what the page passes, so
 * these are the boundary: a payload that fails is refused and changes nothing.
 */
import { z } from 'zod';
import {
  MAX_WINDOW_SESSIONS,
  NONCE_PATTERN,
  type ColorSchemePayload,
  type OpenExternalPayload,
  type OpenWindowPayload,
  type RequestPortPayload,
  type WindowSessionsPayload,
} from '../../shared/hostApi';
import { describeIssues, ProtocolLimits } from '../../shared/protocol';
import { MAX_EXTERNAL_URL_LENGTH, externalUrl } from './windowPolicy';
import { RefusedError } from './trustedSender';

export const RequestPortSchema = z.strictObject({ nonce: z.string().regex(NONCE_PATTERN) });

export const OpenWindowSchema = z.strictObject({
  session: z.number().int().min(1).max(ProtocolLimits.maxSessionId).optional(),
});

export const OpenExternalSchema = z.strictObject({
  url: z
    .string()
    .max(MAX_EXTERNAL_URL_LENGTH)
    .refine((url) => externalUrl(url) !== undefined, 'only http and https links open in the browser'),
});

export const GetSettingsSchema = z.strictObject({});

export const ColorSchemeSchema = z.strictObject({ dark: z.boolean() });

export const WindowSessionsSchema = z.strictObject({
  sessions: z.array(z.number().int().min(1).max(ProtocolLimits.maxSessionId)).max(MAX_WINDOW_SESSIONS),
});

/** Whether A and B accept exactly the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * The page-side payload types (src/shared/hostApi.ts, zod-free so the preload stays one small
 * file) and these schemas must describe the same values: a drift is a compile error here.
 */
const payloadsAgree: [
  Same<z.infer<typeof RequestPortSchema>, RequestPortPayload>,
  Same<z.infer<typeof OpenWindowSchema>, OpenWindowPayload>,
  Same<z.infer<typeof OpenExternalSchema>, OpenExternalPayload>,
  Same<z.infer<typeof ColorSchemeSchema>, ColorSchemePayload>,
  Same<z.infer<typeof WindowSessionsSchema>['sessions'][number], WindowSessionsPayload['sessions'][number]>,
] = [true, true, true, true, true];
void payloadsAgree;

/** The payload as `schema` reads it, or a `RefusedError` that says what was wrong. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown, channel: string): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new RefusedError(`invalid ${channel} payload: ${describeIssues(result.error)}`);
  return result.data;
}
