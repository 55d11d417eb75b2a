/**
 * The bureau's page for a plan's life: start a plan, choose a version, and edit it (编制), move it
 * (流转), run the joint review (联审), handle the public's comments, and compare versions. The
 * plan and version chosen live in the URL (?plan=, ?version=).
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Empty, InputNumber, Radio, Select, Skeleton, Space, Tabs, Typography } from 'antd';
import type { JurisdictionDto, PlanSummaryDto } from '../../../src/server/schemas.js';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { setQueryParam, useQueryParam } from '../router.js';
import { asList, useFetch, useMay } from './hooks.js';
import { EditorPanel } from './EditorPanel.js';
import { MovesPanel } from './MovesPanel.js';
import { ReviewPanel } from './ReviewPanel.js';
import { CommentsPanel } from './CommentsPanel.js';
import { DiffView, StateTag, VersionsTable, errorText, useL } from './parts.js';
import type { VersionDetail, VersionSummary } from './types.js';

const idParam = (s: string | null): number | null => (s !== null && /^\d{1,9}$/.test(s) ? Number(s) : null);

export default function CompilePage() {
  const t = useL();
  const { pick } = useI18n();
  const may = useMay();
  const [plansVersion, setPlansVersion] = useState(0);
  const plans = useFetch<{ plans: PlanSummaryDto[] }>('/api/plans', plansVersion);
  const planId = idParam(useQueryParam('plan')) ?? plans.data?.plans[plans.data.plans.length - 1]?.id ?? null;
  const wantedVersion = idParam(useQueryParam('version'));
  const [n, setN] = useState(0);
  const versionsFetch = useFetch<unknown>(planId === null ? null : `/api/plans/${planId}/versions`, n);
  const versions = asList<VersionSummary>(versionsFetch.data, 'versions');
  const versionId = wantedVersion !== null && versions.some((v) => v.id === wantedVersion) ? wantedVersion : (versions[versions.length - 1]?.id ?? null);
  const detailFetch = useFetch<VersionDetail>(versionId === null ? null : `/api/plan-versions/${versionId}`, n);
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  useEffect(() => setDetail(detailFetch.data && detailFetch.data.id === versionId ? detailFetch.data : null), [detailFetch.data, versionId]);
  const [tab, setTab] = useState('edit');

  const refresh = (): void => setN((x) => x + 1);
  const choosePlan = (id: number): void => {
    setQueryParam('version', null);
    setQueryParam('plan', String(id));
  };
  const chooseVersion = (id: number): void => setQueryParam('version', String(id));
  const plan = plans.data?.plans.find((p) => p.id === planId);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('compile')}
        </Typography.Title>
        <Select
          data-testid="plan-select"
          style={{ minWidth: 320 }}
          placeholder={t('choosePlan')}
          value={planId ?? undefined}
          onChange={choosePlan}
          options={(plans.data?.plans ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
      </Space>
      {plans.error && <Alert type="error" showIcon message={plans.error} />}
      {may('plan.edit') && plans.data && (
        <NewPlan
          plans={plans.data.plans}
          onCreated={(r) => {
            setPlansVersion((x) => x + 1);
            setQueryParam('plan', String(r.planId));
            setQueryParam('version', String(r.versionId));
          }}
        />
      )}
      {plans.data && plans.data.plans.length === 0 && <Empty />}
      {planId !== null && (
        <Card size="small" title={`${plan?.name ?? ''} · ${t('versions')}`}>
          {versionsFetch.error && <Alert type="error" showIcon message={versionsFetch.error} />}
          <VersionsTable versions={versions} selectedId={versionId} onSelect={chooseVersion} />
        </Card>
      )}
      {versionId !== null && !detail && !detailFetch.error && <Skeleton active />}
      {detailFetch.error && <Alert type="error" showIcon message={detailFetch.error} />}
      {detail && (
        <>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="version-title">
              {t('version')} {detail.seq}
            </Typography.Title>
            <span data-testid="version-state">
              <StateTag state={detail.state} />
            </span>
            {detail.consultation && (
              <Typography.Text type="secondary">
                {t('consultation')} {detail.consultation.from} — {detail.consultation.until}
              </Typography.Text>
            )}
            {detail.docNumber && <Typography.Text>{detail.docNumber}</Typography.Text>}
          </Space>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            destroyOnHidden
            items={[
              { key: 'edit', label: <span data-testid="tab-edit">{t('editor')}</span>, children: <EditorPanel detail={detail} onChanged={setDetail} /> },
              { key: 'moves', label: <span data-testid="tab-moves">{t('moves')}</span>, children: <MovesPanel detail={detail} onChanged={refresh} onNewVersion={(id) => { chooseVersion(id); refresh(); setTab('edit'); }} /> },
              { key: 'review', label: <span data-testid="tab-review">{t('review')}</span>, children: <ReviewPanel detail={detail} onChanged={refresh} /> },
              { key: 'comments', label: <span data-testid="tab-comments">{t('comments')}</span>, children: <CommentsPanel detail={detail} onChanged={refresh} /> },
              { key: 'diff', label: <span data-testid="tab-diff">{t('diff')}</span>, children: versions.length < 2 ? <Empty /> : <DiffView key={detail.id} versions={versions} initialFrom={detail.basedOn ?? undefined} initialTo={detail.basedOn !== null ? detail.id : undefined} /> },
            ]}
          />
          <Typography.Text type="secondary">{pick({ zh: '面积单位：公顷；亩、合计与占比由系统按公顷精确换算。', en: 'Areas in hectares; 亩, totals and shares are derived exactly.' })}</Typography.Text>
        </>
      )}
    </Space>
  );
}

function NewPlan({ plans, onCreated }: { plans: readonly PlanSummaryDto[]; onCreated: (r: { planId: number; versionId: number }) => void }) {
  const t = useL();
  const { pick } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const jurisdictions = useFetch<{ jurisdictions: JurisdictionDto[] }>(open ? '/api/jurisdictions' : null);
  const counties = (jurisdictions.data?.jurisdictions ?? []).filter((j) => j.level === 'county');
  const [code, setCode] = useState<string | undefined>();
  const [year, setYear] = useState<number | null>(null);
  const [from, setFrom] = useState<'empty' | 'previous'>('previous');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!code && counties[0]) setCode(counties[0].code);
  }, [code, counties]);
  useEffect(() => {
    if (year === null && code) setYear(Math.max(new Date().getFullYear(), ...plans.filter((p) => p.jurisdictionCode === code).map((p) => p.year + 1)));
  }, [code, year, plans]);
  const previous = useMemo(() => plans.find((p) => p.jurisdictionCode === code && p.year === (year ?? 0) - 1), [plans, code, year]);
  const prevVersions = useFetch<unknown>(previous ? `/api/plans/${previous.id}/versions` : null);
  const inForce = asList<VersionSummary>(prevVersions.data, 'versions').filter((v) => v.inForce).pop();
  const base = from === 'previous' ? inForce : undefined;

  const create = async (): Promise<void> => {
    if (!code || year === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ planId: number; versionId: number }>('/api/plans', { jurisdictionCode: code, year, ...(base ? { fromVersionId: base.id } : {}) });
      message.success(t('created'));
      setOpen(false);
      onCreated(r);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <Button onClick={() => setOpen(true)} data-testid="new-plan">
        {t('newPlan')}
      </Button>
    );
  return (
    <Card size="small" title={t('newPlan')} data-testid="new-plan-form">
      <Space wrap align="center">
        {t('jurisdiction')}
        <Select data-testid="new-plan-jurisdiction" style={{ minWidth: 160 }} value={code} onChange={setCode} options={counties.map((j) => ({ value: j.code, label: `${j.name} (${j.code})` }))} />
        {t('year')}
        <InputNumber data-testid="new-plan-year" min={2000} max={2100} value={year} onChange={(v) => setYear(typeof v === 'number' ? v : null)} />
        {t('startFrom')}
        <Radio.Group value={from} onChange={(e) => setFrom(e.target.value as 'empty' | 'previous')}>
          <Radio value="previous" disabled={!inForce} data-testid="new-plan-from-previous">
            {t('fromVersion')}
            {inForce ? `（${previous?.year} · ${t('version')} ${inForce.seq} · ${pick(inForce.stateName)}）` : ''}
          </Radio>
          <Radio value="empty" data-testid="new-plan-empty">
            {t('empty')}
          </Radio>
        </Radio.Group>
        <Button type="primary" loading={busy} disabled={!code || year === null || (from === 'previous' && !inForce)} onClick={() => void create()} data-testid="new-plan-go">
          {t('create')}
        </Button>
        <Button onClick={() => setOpen(false)}>{t('cancel')}</Button>
      </Space>
      {error && <Alert style={{ marginTop: 8 }} type="error" showIcon message={error} data-testid="new-plan-error" />}
    </Card>
  );
}
