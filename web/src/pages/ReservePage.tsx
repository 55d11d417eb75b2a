/** The land reserve: projects, their parcels with costs by category (exact 万元) and 净地 checklists, batch supply rates; editors create projects. */
import { useState } from 'react';
import { Alert, Button, Card, Drawer, Empty, Form, Input, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { rolesFor } from '../../../src/domain/access.js';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { hasRole, useSession } from '../session.js';
import { useApi, usePlans } from '../usePlan.js';
import { COST_CATEGORIES, COST_LABELS, P, STEP_LABELS } from '../pipeline/text.js';
import { ParcelTimeline } from '../pipeline/ParcelTimeline.js';

interface ReserveParcel { parcelId: number; parcelNumber: string | null; projectName: string | null; admittedOn: string | null; costs: { byCategory: Record<string, string>; total: string; entries: number }; checklistDone: number; readyToList: boolean; lastStep: string | null }
interface Project { id: number; code: string; name: string; approvalRef: string | null; totalCostWanYuan: string; byCategory: Record<string, string>; parcels: ReserveParcel[] }
interface Batches { approvedHa: string; suppliedHa: string; supplyRatePercent: string | null; batches: { batchNo: string; kind: string; approvedOn: string; approvedHa: string; suppliedHa: string; unsuppliedHa: string; supplyRatePercent: string }[] }

export default function ReservePage() {
  const { lang } = useI18n();
  const { user } = useSession();
  const { plans } = usePlans();
  const j = plans?.[0]?.jurisdictionCode ?? null;
  const [reload, setReload] = useState(0);
  const [parcel, setParcel] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data } = useApi<{ projects: Project[] }>(j ? `/api/reserve?jurisdiction=${j}&r=${reload}` : null);
  const { data: batches } = useApi<Batches>(j ? `/api/approval-batches?jurisdiction=${j}` : null);
  const [form] = Form.useForm();
  if (plans && plans.length === 0) return <Empty />;
  if (!data) return <Skeleton active />;
  const create = async (): Promise<void> => {
    const v = (await form.validateFields()) as { code: string; name: string; approvalRef?: string };
    try {
      await post('/api/reserve/projects', { jurisdiction: j, code: v.code, name: v.name, ...(v.approvalRef ? { approvalRef: v.approvalRef } : {}) });
      form.resetFields();
      setReload((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="reserve-page">
      <Typography.Title level={3} style={{ margin: 0 }}>{P.reserve[lang]}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      {data.projects.map((p) => (
        <Card key={p.id} size="small" title={`${p.code} ${p.name}`} extra={<span>{P.total[lang]} <b className="lp-num">{p.totalCostWanYuan}</b> 万元</span>} data-testid={`reserve-project-${p.code}`}>
          <Space wrap style={{ marginBottom: 8 }}>
            {COST_CATEGORIES.map((c) => <Tag key={c}>{COST_LABELS[c][lang]} <span className="lp-num">{p.byCategory[c]}</span></Tag>)}
            {p.approvalRef && <Typography.Text type="secondary">{p.approvalRef}</Typography.Text>}
          </Space>
          <Table size="small" rowKey="parcelId" pagination={{ pageSize: 10 }} dataSource={p.parcels} onRow={(r) => ({ onClick: () => setParcel(r.parcelId), style: { cursor: 'pointer' } })}
            columns={[
              { title: P.parcel[lang], render: (_v, r) => r.parcelNumber ?? r.parcelId },
              { title: P.admitted[lang], dataIndex: 'admittedOn' },
              ...COST_CATEGORIES.map((c) => ({ title: COST_LABELS[c][lang], key: c, align: 'right' as const, className: 'lp-num', render: (_v: unknown, r: ReserveParcel) => r.costs.byCategory[c] })),
              { title: P.total[lang], key: 'total', align: 'right' as const, className: 'lp-num', render: (_v: unknown, r: ReserveParcel) => r.costs.total },
              { title: P.checklist[lang], key: 'cl', render: (_v: unknown, r: ReserveParcel) => <Tag color={r.readyToList ? 'green' : 'orange'}>{r.checklistDone}/5 {r.readyToList ? P.readyToList[lang] : ''}</Tag> },
              { title: P.lastStep[lang], key: 'ls', render: (_v: unknown, r: ReserveParcel) => (r.lastStep ? STEP_LABELS[r.lastStep as keyof typeof STEP_LABELS]?.[lang] : '—') },
            ]} />
        </Card>
      ))}
      {batches && batches.batches.length > 0 && (
        <Card size="small" title={`${P.supplyRate[lang]} · ${batches.supplyRatePercent ?? '—'}%`}>
          <Table size="small" pagination={false} rowKey="batchNo" dataSource={batches.batches} columns={[
            { title: lang === 'zh' ? '批次' : 'Batch', dataIndex: 'batchNo' },
            { title: lang === 'zh' ? '批准日期' : 'Approved', dataIndex: 'approvedOn' },
            { title: lang === 'zh' ? '批准（公顷）' : 'Approved (ha)', dataIndex: 'approvedHa', align: 'right', className: 'lp-num' },
            { title: lang === 'zh' ? '已供（公顷）' : 'Supplied (ha)', dataIndex: 'suppliedHa', align: 'right', className: 'lp-num' },
            { title: lang === 'zh' ? '批而未供（公顷）' : 'Unsupplied (ha)', dataIndex: 'unsuppliedHa', align: 'right', className: 'lp-num' },
            { title: lang === 'zh' ? '供地率' : 'Rate', render: (_v, r) => `${r.supplyRatePercent}%` },
          ]} />
        </Card>
      )}
      {hasRole(user, rolesFor('pipeline.record')) && (
        <Card size="small" title={P.newProject[lang]}>
          <Form form={form} layout="inline">
            <Form.Item name="code" label={P.code[lang]} rules={[{ required: true }]}><Input data-testid="project-code" /></Form.Item>
            <Form.Item name="name" label={P.name[lang]} rules={[{ required: true }]}><Input data-testid="project-name" style={{ width: 280 }} /></Form.Item>
            <Form.Item name="approvalRef" label={P.approvalRef[lang]}><Input data-testid="project-approval" /></Form.Item>
            <Button type="primary" onClick={() => void create()} data-testid="project-create">{P.newProject[lang]}</Button>
          </Form>
        </Card>
      )}
      <Drawer open={parcel !== null} onClose={() => setParcel(null)} size="large" title={P.timeline[lang]}>
        {parcel !== null && <ParcelTimeline parcelId={parcel} onChanged={() => setReload((n) => n + 1)} />}
      </Drawer>
    </Space>
  );
}
