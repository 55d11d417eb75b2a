/**
 * The plan's life as the web app receives it: the shapes of docs/plan-life.md. Areas are hectare
 * strings; dates "YYYY-MM-DD". The states and moves come from the domain (lifecycle.ts), never
 * from here.
 */
import type { FindingDto, TableDto } from '../../../src/server/schemas.js';

export type Bilingual = { readonly zh: string; readonly en: string };

/** The shapes the service gives (one definition: src/services, src/store/repos). */
export type { TransitionView as TransitionRecord, VersionSummary } from '../../../src/services/plan-lifecycle.js';
export type { ReviewRecord as ReviewEntry } from '../../../src/store/repos/plan-reviews.js';
import type { VersionSummary } from '../../../src/services/plan-lifecycle.js';
import type { DemandInput } from '../../../src/services/land-demands.js';
import type { ReviewRecord as ReviewEntry } from '../../../src/store/repos/plan-reviews.js';

/** A cell key as the server sends it: the cube's dimensions (category always). */
export type CellKey = Readonly<Record<string, string | number>>;

export interface VersionCell {
  readonly key: CellKey;
  readonly hectares: string;
  readonly mu?: string;
}

export interface District {
  readonly id: string;
  readonly name: string;
}

export interface VersionCube {
  readonly dimensions?: readonly string[];
  readonly districts?: readonly District[];
  readonly cells: readonly VersionCell[];
  readonly totalHectares?: string;
}

export interface VersionDetail extends VersionSummary {
  readonly cube: VersionCube;
  readonly tables?: unknown;
  readonly findings: readonly FindingDto[];
}

export interface ContextRow {
  readonly category: string;
  readonly label: Bilingual;
  readonly lastYearPlan: string | null;
  readonly lastYearSupplied: string | null;
  readonly fiveYearAverage: string | null;
  readonly readyParcels: { readonly count: number; readonly hectares: string } | null;
  readonly approvedUnsupplied: string | null;
}

/** A land demand as listed: what was submitted (the service's input), its id and the version that took it in. */
export type Demand = DemandInput & { readonly id: number; readonly takenIntoVersionId: number | null };

export interface ReviewRequest {
  readonly requestId: number;
  readonly department: string;
  readonly deadline: string;
  readonly overdue: boolean;
  readonly reviews: readonly ReviewEntry[];
}

export type CommentItem = { readonly kind: 'plan' | 'category' | 'district' | 'parcel'; readonly key?: string | null };
export type AnswerKind = 'adopted' | 'partly' | 'rejected';

export interface Comment {
  readonly id: number;
  readonly versionId?: number;
  readonly item: CommentItem;
  /** null on the public page for a hidden comment (its reason is shown instead). */
  readonly body: string | null;
  readonly name?: string | null;
  readonly createdAt?: string;
  readonly hidden?: { readonly reason: string; readonly by?: string; readonly at?: string } | null;
  readonly hiddenReason?: string | null;
  readonly answer?: { readonly kind: AnswerKind; readonly reason: string; readonly by?: string; readonly at?: string } | null;
}

export interface DiffCell {
  readonly id?: string;
  readonly marginal?: true;
  readonly key: CellKey | string;
  readonly label: string | Bilingual;
  readonly before: string;
  readonly after: string;
  readonly delta: string;
}

export interface Diff {
  readonly from: number | VersionSummary;
  readonly to: number | VersionSummary;
  readonly reason: string | null;
  readonly cells: readonly DiffCell[];
  readonly comments: readonly { readonly id: number; readonly item: CommentItem; readonly body: string; readonly answer: Comment['answer']; readonly cellKey: CellKey | string | null }[];
}

export interface PublicPlanListEntry {
  readonly planId: number;
  readonly jurisdictionCode: string;
  readonly jurisdictionName: string;
  readonly year: number;
  readonly versions: readonly VersionSummary[];
}

export interface PublicPlan {
  readonly planId: number;
  readonly jurisdictionCode: string;
  readonly jurisdictionName?: string;
  readonly year: number;
  readonly name?: string;
  readonly asOf?: string;
  /** The version in force on the asked date, and the one under consultation then. */
  readonly inForce?: VersionSummary | null;
  readonly consultation?: VersionSummary | null;
  /** The version shown: in force then, else under consultation then, with its cells. */
  readonly shown: (VersionSummary & { readonly cube?: VersionCube; readonly tables?: unknown }) | null;
  readonly versions: readonly VersionSummary[];
}

export type { FindingDto, TableDto };
