/**
 * The moves a version may make next, as the state machine (domain/plan/lifecycle.ts) and the
 * user's roles (domain/access.ts) allow them, each with the fields it needs; a refusal shows the
 * server's reason. Revise, adjust and the collective decision make or complete a new version.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Input, Space, Table, Typography } from 'antd';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { PLAN_STATE_NAMES, TRANSITIONS, nextStates, type PlanState, type TransitionField, type TransitionRule } from '../../../src/domain/plan/lifecycle.js';
import { useMay } from './hooks.js';
import { ROLE_NAMES, isRole } from '../../../src/domain/access.js';
import { CommentText, StateTag, errorText, useL } from './parts.js';
import type { TransitionRecord, VersionDetail, VersionSummary } from './types.js';

const FIELD_LABEL: Record<TransitionField, 'date' | 'until' | 'docNumber' | 'reason'> = { date: 'date', until: 'until', docNumber: 'docNumber', reason: 'reason' };

/** Today in the browser, as a default the user can change (the server's clock decides). */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function MovesPanel({ detail, onChanged, onNewVersion }: { detail: VersionDetail; onChanged: () => void; onNewVersion: (id: number) => void }) {
  const t = useL();
  const { pick } = useI18n();
  const may = useMay();
  const next = detail.next ?? nextStates(detail.state);
  const rules = next.map((to) => TRANSITIONS.find((r) => r.from === detail.state && r.to === to)).filter((r): r is TransitionRule => r !== undefined);
  const mine = rules.filter((r) => may(r.action));
  const canRevise = may('plan.edit') && (['consultation', 'review', 'submitted'] as PlanState[]).includes(detail.state);
  const canAdjust = may('plan.edit') && detail.inForce;
  const needsDecision = may('plan.edit') && detail.state === 'adjusting';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('nextMoves')} data-testid="moves">
        {mine.length === 0 && <Typography.Text type="secondary">{t('noMoves')}</Typography.Text>}
        <Space direction="vertical" style={{ width: '100%' }}>
          {mine.map((r) => (
            <MoveForm key={r.to} detail={detail} rule={r} onDone={onChanged} />
          ))}
        </Space>
      </Card>
      {canRevise && <NewVersionForm detail={detail} kind="revise" onDone={onNewVersion} />}
      {canAdjust && <NewVersionForm detail={detail} kind="adjust" onDone={onNewVersion} />}
      {(needsDecision || detail.decision) && <DecisionForm detail={detail} editable={needsDecision} onDone={onChanged} />}
      <Card size="small" title={t('history')}>
        <Table<TransitionRecord>
          data-testid="history"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          rowKey={(r) => `${r.recordedAt}-${r.to}`}
          dataSource={[...(detail.transitions ?? [])]}
          columns={[
            { title: t('state'), key: 's', render: (_x, r) => <Space size={4}>{r.from ? <StateTag state={r.from} /> : null}→<StateTag state={r.to} /></Space> },
            { title: t('actor'), key: 'a', render: (_x, r) => { const role = isRole(r.role) ? pick(ROLE_NAMES[r.role]) : r.role; return r.actor ? `${r.actor}（${role}）` : role; } },
            { title: t('date'), key: 'd', render: (_x, r) => [r.date, r.until].filter(Boolean).join(' — ') },
            { title: t('docNumber'), key: 'n', render: (_x, r) => r.docNumber ?? '' },
            { title: t('reason'), key: 'r', render: (_x, r) => (r.reason ? <CommentText text={r.reason} /> : '') },
            { title: '', key: 't', render: (_x, r) => <Typography.Text type="secondary">{r.recordedAt.replace('T', ' ').slice(0, 19)}</Typography.Text> },
          ]}
        />
      </Card>
      <Typography.Text type="secondary">{pick({ zh: `当前状态：${PLAN_STATE_NAMES[detail.state].zh}`, en: `Now: ${PLAN_STATE_NAMES[detail.state].en}` })}</Typography.Text>
    </Space>
  );
}

function MoveForm({ detail, rule, onDone }: { detail: VersionSummary; rule: TransitionRule; onDone: () => void }) {
  const t = useL();
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const [values, setValues] = useState<Partial<Record<TransitionField, string>>>(() => (rule.needs.includes('date') ? { date: localToday() } : {}));
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (): Promise<void> => {
    setBusy(true);
    setRefusal(null);
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v!.trim()]));
      await post(`/api/plan-versions/${detail.id}/transitions`, { to: rule.to, ...body });
      message.success(`${t('moveTo')} ${pick(PLAN_STATE_NAMES[rule.to])}`);
      onDone();
    } catch (e) {
      setRefusal(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid={`move-${rule.to}`}>
      <Space wrap align="start">
        {rule.needs.map((f) =>
          f === 'date' || f === 'until' ? (
            <Space key={f} size={4}>
              <Typography.Text type="secondary">{t(FIELD_LABEL[f])}</Typography.Text>
              <Input type="date" data-testid={`move-${rule.to}-${f}`} value={values[f] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))} style={{ width: 160 }} />
            </Space>
          ) : (
            <Input key={f} data-testid={`move-${rule.to}-${f}`} placeholder={t(FIELD_LABEL[f])} value={values[f] ?? ''} maxLength={f === 'docNumber' ? 80 : 500} onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))} style={{ width: f === 'reason' ? 320 : 220 }} />
          ),
        )}
        <Button type={rule.to === 'withdrawn' ? 'default' : 'primary'} danger={rule.to === 'withdrawn'} loading={busy} onClick={() => void go()} data-testid={`move-${rule.to}-go`}>
          {t('moveTo')} {pick(PLAN_STATE_NAMES[rule.to])}
        </Button>
      </Space>
      {refusal && <Alert style={{ marginTop: 8 }} type="error" showIcon message={`${t('refused')}：${refusal}`} data-testid="move-refused" />}
    </div>
  );
}

function NewVersionForm({ detail, kind, onDone }: { detail: VersionSummary; kind: 'revise' | 'adjust'; onDone: (id: number) => void }) {
  const t = useL();
  const { message } = AntApp.useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ versionId: number }>(`/api/plan-versions/${detail.id}/${kind}`, { reason: reason.trim() });
      message.success(t('newVersionMade'));
      onDone(r.versionId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t(kind)} data-testid={kind}>
      <Space wrap>
        <Input data-testid={`${kind}-reason`} placeholder={t('reason')} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} style={{ width: 420 }} />
        <Button type="primary" disabled={!reason.trim()} loading={busy} onClick={() => void go()} data-testid={`${kind}-go`}>
          {t(kind)}
        </Button>
      </Space>
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={`${t('refused')}：${error}`} />}
    </Card>
  );
}

function DecisionForm({ detail, editable, onDone }: { detail: VersionDetail; editable: boolean; onDone: () => void }) {
  const t = useL();
  const { message } = AntApp.useApp();
  const [date, setDate] = useState(detail.decision?.date ?? localToday());
  const [meeting, setMeeting] = useState(detail.decision?.meeting ?? '');
  const [error, setError] = useState<string | null>(null);
  const go = async (): Promise<void> => {
    setError(null);
    try {
      await post(`/api/plan-versions/${detail.id}/decision`, { date, meeting: meeting.trim() });
      message.success(t('recordDecision'));
      onDone();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card size="small" title={t('decision')} data-testid="decision">
      {detail.decision && (
        <Typography.Paragraph>
          {detail.decision.date} · <CommentText text={detail.decision.meeting} />
        </Typography.Paragraph>
      )}
      {editable && (
        <Space wrap>
          <Input type="date" data-testid="decision-date" value={date} onChange={(e) => setDate(e.target.value)} style={{ width: 160 }} />
          <Input data-testid="decision-meeting" placeholder={t('meeting')} value={meeting} maxLength={200} onChange={(e) => setMeeting(e.target.value)} style={{ width: 320 }} />
          <Button type="primary" disabled={!meeting.trim()} onClick={() => void go()} data-testid="decision-go">
            {t('recordDecision')}
          </Button>
        </Space>
      )}
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={error} />}
    </Card>
  );
}
