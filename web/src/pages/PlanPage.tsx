import { useState } from 'react';
import { Alert, Card, Descriptions, Empty, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { PlanDetailDto } from '../../../src/server/schemas.js';
import { DataTable } from '../components/DataTable.js';
import { Findings } from '../components/Findings.js';
import { ExportButtons } from '../components/ExportButtons.js';
import { useI18n } from '../i18n.js';
import { fmtHa, useApi, useSelectedPlan } from '../usePlan.js';

const STATUS: Record<string, { zh: string; en: string }> = {
  drafting: { zh: '编制中', en: 'drafting' },
  consultation: { zh: '征求意见稿', en: 'consultation draft' },
  submitted: { zh: '已报批', en: 'submitted' },
  approved: { zh: '已批准', en: 'approved' },
  published: { zh: '已公布', en: 'published' },
  adjusted: { zh: '已调整', en: 'adjusted' },
  closed: { zh: '已结束', en: 'closed' },
};

export default function PlanPage() {
  const { t, pick, lang } = useI18n();
  const { plans, error, planId } = useSelectedPlan();
  const [versionId, setVersionId] = useState<number | null>(null);
  const { data: detail, error: loadError } = useApi<PlanDetailDto>(planId === null ? null : `/api/plans/${planId}${versionId === null ? '' : `?version=${versionId}`}`);
  if (error || loadError) return <Alert type="error" showIcon title={error ?? loadError} />;
  if (plans && plans.length === 0) return <Empty />;
  if (!detail) return <Skeleton active />;
  const districtName = (id: string | number): string => detail.districts.find((d) => d.id === id)?.name ?? String(id);
  const categoryName = (id: string | number): string => {
    const c = detail.categories.find((x) => x.category === id);
    return c ? pick(c.label) : String(id);
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {detail.plan.name}
        </Typography.Title>
        <Select
          value={detail.version.id}
          onChange={(v: number) => setVersionId(v)}
          style={{ minWidth: 220 }}
          options={detail.plan.versions.map((v) => ({ value: v.id, label: `${t('versions')} ${v.seq} · ${pick(STATUS[v.status] ?? { zh: v.status, en: v.status })} · ${v.validFrom}` }))}
        />
        <ExportButtons planId={detail.plan.id} versionId={detail.version.id} />
      </Space>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('planTotal')}>
            <span className="lp-num" data-testid="plan-total">
              {fmtHa(detail.totalHa)} {t('hectares')}
            </span>
          </Descriptions.Item>
          {detail.marginals.map((m) => (
            <Descriptions.Item key={m.label} label={m.label}>
              <span className="lp-num">
                {fmtHa(m.areaHa)} {t('hectares')}
              </span>{' '}
              <Tag>{t(m.kind)}</Tag>
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Tabs
        items={[
          {
            key: 'cube',
            label: t('byCategory'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Table
                  data-testid="plan-categories"
                  size="small"
                  pagination={false}
                  rowKey="category"
                  dataSource={detail.categories}
                  columns={[
                    { title: t('category'), key: 'c', render: (_v, r) => pick(r.label) },
                    { title: `${t('cap')}（${t('hectares')}）`, key: 'a', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.areaHa) },
                    { title: t('share'), key: 's', align: 'right', className: 'lp-num', render: (_v, r) => `${r.sharePercent}%` },
                    { title: t('kind'), key: 'k', render: (_v, r) => <Tag color={r.kind === 'binding' ? 'red' : 'default'}>{t(r.kind)}</Tag> },
                    { title: lang === 'en' ? 'Allocation' : '统筹/分解', key: 'al', render: (_v, r) => (r.allocation === 'pooled' ? (lang === 'en' ? 'pooled' : '全县统筹') : lang === 'en' ? 'allocated to blocks' : '分解落实到区块') },
                  ]}
                />
                {Object.keys(detail.cells[0]?.key ?? {}).length > 1 && (
                <Table
                  size="small"
                  pagination={{ pageSize: 20 }}
                  rowKey={(r) => JSON.stringify(r.key)}
                  dataSource={detail.cells}
                  columns={[
                    ...Object.keys(detail.cells[0]?.key ?? {}).map((dim) => ({
                      title: dim === 'category' ? t('category') : dim === 'district' ? t('district') : dim === 'method' ? t('method') : dim === 'source' ? t('source') : dim,
                      key: dim,
                      render: (_v: unknown, r: PlanDetailDto['cells'][number]) => {
                        const v = r.key[dim];
                        if (v === undefined) return '';
                        return dim === 'district' ? districtName(v) : dim === 'category' ? categoryName(v) : String(v);
                      },
                    })),
                    { title: `${t('cap')}（${t('hectares')}）`, key: 'a', align: 'right' as const, className: 'lp-num', render: (_v: unknown, r: PlanDetailDto['cells'][number]) => fmtHa(r.areaHa) },
                  ]}
                />
                )}
              </Space>
            ),
          },
          {
            key: 'attachments',
            label: lang === 'en' ? 'Attachments 1 and 2' : '附件1、附件2',
            children: (
              <Space direction="vertical" size="large" style={{ width: '100%' }}>
                {detail.attachments.length === 0 ? <Empty /> : detail.attachments.map((a, i) => <DataTable key={i} table={a} testId={`attachment-${i + 1}`} />)}
              </Space>
            ),
          },
          {
            key: 'findings',
            label: `${t('findings')} (${detail.findings.length + detail.flagged.length})`,
            children: <Findings testId="plan-findings" findings={[...detail.findings, ...detail.flagged]} />,
          },
        ]}
      />
    </Space>
  );
}
