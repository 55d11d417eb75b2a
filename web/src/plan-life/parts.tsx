/** Pieces the staff and public plan pages share: state tags, the version list, comment text, the diff. */
import { useEffect, useState } from 'react';
import { Alert, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiFailure, get } from '../api.js';
import { useI18n } from '../i18n.js';
import { fmtHa } from '../usePlan.js';
import { PLAN_STATE_NAMES, type PlanState } from '../../../src/domain/plan/lifecycle.js';
import { L, type LKey } from './text.js';
import { categoryLabel, keyId } from './cube.js';
import type { Bilingual, CellKey, CommentItem, Comment, Diff, VersionSummary } from './types.js';

export function useL(): (k: LKey) => string {
  const { pick } = useI18n();
  return (k) => pick(L[k]);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function errorStatus(e: unknown): number | null {
  return e instanceof ApiFailure ? e.status : null;
}

const STATE_COLOUR: Record<PlanState, string> = {
  drafting: 'default',
  consultation: 'blue',
  review: 'purple',
  submitted: 'gold',
  approved: 'green',
  published: 'cyan',
  adjusting: 'orange',
  withdrawn: 'default',
  closed: 'default',
};

export function StateTag({ state }: { state: PlanState }) {
  const { pick } = useI18n();
  return (
    <Tag color={STATE_COLOUR[state]} data-testid="state-tag">
      {pick(PLAN_STATE_NAMES[state])}
    </Tag>
  );
}

/** A version's name: "版本 2 · 征求意见". */
export function versionLabel(v: VersionSummary, pick: (b: Bilingual) => string, t: (k: LKey) => string): string {
  return `${t('version')} ${v.seq} · ${pick(PLAN_STATE_NAMES[v.state])}`;
}

/** Every version of a plan with its state, dates and 文号. */
export function VersionsTable({ versions, selectedId, onSelect, testId = 'versions' }: { versions: readonly VersionSummary[]; selectedId?: number | null; onSelect?: (id: number) => void; testId?: string }) {
  const t = useL();
  return (
    <Table
      data-testid={testId}
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowKey="id"
      dataSource={[...versions]}
      rowClassName={(v) => (v.id === selectedId ? 'lp-row-selected' : '')}
      onRow={onSelect ? (v) => ({ onClick: () => onSelect(v.id), style: { cursor: 'pointer' } }) : undefined}
      columns={[
        { title: t('version'), key: 'seq', render: (_x, v) => <span data-testid={`version-${v.seq}`}>{v.seq}</span> },
        {
          title: t('state'),
          key: 'state',
          render: (_x, v) => (
            <Space size={4} wrap>
              <StateTag state={v.state} />
              {v.inForce && <Tag color="green">{t('inForce')}</Tag>}
            </Space>
          ),
        },
        { title: t('consultation'), key: 'c', render: (_x, v) => (v.consultation ? <span style={{ whiteSpace: 'nowrap' }}>{`${v.consultation.from} — ${v.consultation.until}`}</span> : '') },
        { title: t('docNumber'), key: 'doc', render: (_x, v) => v.docNumber ?? '' },
        { title: t('approvedOn'), key: 'a', className: 'lp-nowrap', render: (_x, v) => v.approvedOn ?? '' },
        { title: t('publishedOn'), key: 'p', className: 'lp-nowrap', render: (_x, v) => v.publishedOn ?? '' },
        { title: t('changeReason'), key: 'r', render: (_x, v) => (v.changeReason ? <div style={{ minWidth: 180, maxWidth: 360 }}><CommentText text={v.changeReason} /></div> : '') },
      ]}
    />
  );
}

/** Text from the outside world (a comment, a reason): a React text node, never HTML; direction from its own first strong character. */
export function CommentText({ text, testId }: { text: string; testId?: string }) {
  return (
    <span className="lp-comment" dir="auto" data-testid={testId}>
      {text}
    </span>
  );
}

/** What a comment is about, in words. */
export function itemLabel(item: CommentItem, t: (k: LKey) => string, pick: (b: Bilingual) => string, districtName?: (id: string) => string): string {
  const what = t(`item_${item.kind}`);
  if (!item.key) return what;
  if (item.kind === 'category') return `${what}：${pick(categoryLabel(item.key))}`;
  if (item.kind === 'district') return `${what}：${districtName ? districtName(item.key) : item.key}`;
  return `${what}：${item.key}`;
}

export function AnswerTag({ answer }: { answer: NonNullable<Comment['answer']> }) {
  const t = useL();
  const colour = answer.kind === 'adopted' ? 'green' : answer.kind === 'partly' ? 'gold' : 'red';
  return <Tag color={colour}>{t(`answer_${answer.kind}`)}</Tag>;
}

/** A cell key in words: "住宅用地 · 片区 T1-D1 · 第2季度". */
export function keyLabel(key: CellKey | string, pick: (b: Bilingual) => string, districtName?: (id: string) => string): string {
  if (typeof key === 'string') return key;
  const parts: string[] = [];
  for (const [dim, v] of Object.entries(key)) {
    if (dim === 'category') parts.unshift(pick(categoryLabel(String(v))));
    else if (dim === 'district') parts.push(districtName ? districtName(String(v)) : String(v));
    else if (dim === 'quarter') parts.push(pick({ zh: `第${String(v)}季度`, en: `Q${String(v)}` }));
    else parts.push(String(v));
  }
  return parts.join(' · ');
}

function signed(s: string): string {
  return s.startsWith('-') ? fmtHa(s, 4) : `+${fmtHa(s, 4)}`;
}

/** Two versions side by side, cell by cell, with the reason and the comments behind the change. */
export function DiffView({ versions, initialFrom, initialTo }: { versions: readonly VersionSummary[]; initialFrom?: number; initialTo?: number }) {
  const t = useL();
  const { pick } = useI18n();
  const last = versions[versions.length - 1];
  const prev = versions[versions.length - 2];
  const [from, setFrom] = useState<number | undefined>(initialFrom ?? prev?.id);
  const [to, setTo] = useState<number | undefined>(initialTo ?? last?.id);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDiff(null);
    setError(null);
    if (from === undefined || to === undefined || from === to) return;
    get<Diff>(`/api/plan-versions/${from}/diff/${to}`).then(setDiff, (e: unknown) => setError(errorText(e)));
  }, [from, to]);
  const options = versions.map((v) => ({ value: v.id, label: versionLabel(v, pick, t) }));
  const labelOf = (c: Diff['cells'][number]): string => (typeof c.label === 'string' ? c.label : c.label ? pick(c.label) : keyLabel(c.key, pick));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="diff">
      <Space wrap>
        {t('from')}
        <Select data-testid="diff-from" style={{ minWidth: 200 }} value={from} onChange={setFrom} options={options} />
        {t('to')}
        <Select data-testid="diff-to" style={{ minWidth: 200 }} value={to} onChange={setTo} options={options} />
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      {diff && (
        <>
          {diff.reason && (
            <Typography.Paragraph data-testid="diff-reason">
              <Typography.Text strong>{t('changeReason')}：</Typography.Text>
              <CommentText text={diff.reason} />
            </Typography.Paragraph>
          )}
          {diff.cells.length === 0 ? (
            <Empty description={t('noChange')} />
          ) : (
            <Table
              data-testid="diff-cells"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              rowKey={(c) => c.id ?? keyId(c.key)}
              dataSource={[...diff.cells]}
              columns={[
                { title: t('category'), key: 'k', render: (_x, c) => labelOf(c) },
                { title: `${t('before')}（${t('hectares')}）`, key: 'b', align: 'right', className: 'lp-num', render: (_x, c) => fmtHa(c.before, 4) },
                { title: `${t('after')}（${t('hectares')}）`, key: 'a', align: 'right', className: 'lp-num', render: (_x, c) => fmtHa(c.after, 4) },
                {
                  title: t('delta'),
                  key: 'd',
                  align: 'right',
                  className: 'lp-num',
                  render: (_x, c) => <Typography.Text type={c.delta.startsWith('-') ? 'danger' : 'success'}>{signed(c.delta)}</Typography.Text>,
                },
              ]}
            />
          )}
          {diff.comments.length > 0 && (
            <div data-testid="diff-comments">
              <Typography.Title level={5}>{t('commentsBehind')}</Typography.Title>
              {diff.comments.map((c) => (
                <Typography.Paragraph key={c.id} data-testid="diff-comment">
                  <Tag>#{c.id}</Tag>
                  <Typography.Text type="secondary">{itemLabel(c.item, t, pick)}</Typography.Text>　
                  <CommentText text={c.body} />
                  {c.answer && (
                    <>
                      {' '}
                      <AnswerTag answer={c.answer} />
                      <CommentText text={c.answer.reason} />
                    </>
                  )}
                  {c.cellKey && <Typography.Text type="secondary">　→ {keyLabel(c.cellKey, pick)}</Typography.Text>}
                </Typography.Paragraph>
              ))}
            </div>
          )}
        </>
      )}
    </Space>
  );
}
