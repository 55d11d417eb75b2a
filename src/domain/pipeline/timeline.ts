/**
 * A parcel's timeline: every step of its path with its date, documents and deadline, and the other
 * events of its journal, as the parcel drawer, `landplan pipeline PARCEL` and the API show it.
 * The 底价 is confidential (39号令 第十条): until the deal is published it is shown only to the
 * roles that set it (`RESERVE_PRICE_ROLES`); everyone else gets the field removed, not blanked.
 */
import type { PipelineEvent, PipelineState } from './journal.js';
import { nextStep } from './journal.js';
import { PATHS, RESERVE_PRICE_ROLES, STEP_LABELS, type EventKind, type PipelineDocument, type PipelineRole, type StepKind } from './steps.js';
import type { SupervisionItem } from './supervise.js';

export interface TimelineStep {
  readonly kind: StepKind;
  readonly label: { zh: string; en: string };
  readonly status: 'done' | 'next' | 'pending';
  readonly on?: string;
  readonly eventId?: number;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly documents: readonly PipelineDocument[];
  /** Supervision items about this step (deadlines run out). */
  readonly items: readonly SupervisionItem[];
}

export interface TimelineEvent {
  readonly id: number;
  readonly seq: number;
  readonly kind: EventKind;
  readonly label: { zh: string; en: string };
  readonly occurredOn: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly role: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly documents: readonly PipelineDocument[];
  readonly reversed: boolean;
}

/** The deal is public once its 成交公示 is recorded: from then on everyone may see the 底价. */
export function dealIsPublic(s: PipelineState): boolean {
  return s.steps.dealPublication !== undefined;
}

export function maySeeReservePrice(s: PipelineState, roles: readonly PipelineRole[]): boolean {
  return dealIsPublic(s) || roles.some((r) => RESERVE_PRICE_ROLES.includes(r));
}

/** The event's data as `roles` may see it. */
export function visibleData(e: Pick<PipelineEvent, 'kind' | 'data'>, s: PipelineState, roles: readonly PipelineRole[]): Readonly<Record<string, unknown>> {
  if (e.kind !== 'collectiveDecision' || maySeeReservePrice(s, roles)) return e.data;
  const { reservePriceWanYuan: _secret, ...rest } = e.data;
  return rest;
}

export function timeline(events: readonly PipelineEvent[], s: PipelineState, items: readonly SupervisionItem[], roles: readonly PipelineRole[]): { steps: TimelineStep[]; events: TimelineEvent[] } {
  const byId = new Map(events.map((e) => [e.id, e]));
  const next = nextStep(s);
  const path = PATHS[s.path ?? 'grant'];
  const steps = path.map((kind): TimelineStep => {
    const rec = s.steps[kind];
    const e = rec ? byId.get(rec.eventId) : undefined;
    return {
      kind,
      label: STEP_LABELS[kind],
      status: rec ? 'done' : kind === next ? 'next' : 'pending',
      ...(rec ? { on: rec.on, eventId: rec.eventId } : {}),
      ...(e ? { data: visibleData(e, s, roles) } : {}),
      documents: e?.documents ?? [],
      items: items.filter((i) => i.step === kind),
    };
  });
  const list = events.map((e): TimelineEvent => ({
    id: e.id,
    seq: e.seq,
    kind: e.kind,
    label: STEP_LABELS[e.kind],
    occurredOn: e.occurredOn,
    recordedAt: e.recordedAt,
    recordedBy: e.recordedBy,
    role: e.role,
    data: visibleData(e, s, roles),
    documents: e.documents,
    reversed: s.reversed.has(e.id),
  }));
  return { steps, events: list };
}
