/**
 * The pipeline page: how many parcels reached each step, every overdue item with its rule, days
 * and evidence, the instalments due this month, idle-land cases, execution from the contracts, and
 * the monthly report. All figures come from /api/pipeline (projections of the parcel journals).
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Empty, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { z } from 'zod';
import type { pipelineOverviewSchema } from '../../../src/server/pipeline-schemas.js';
import { useI18n } from '../i18n.js';
import { useApi, usePlans } from '../usePlan.js';
import { ITEM_KIND, P, STEP_LABELS } from '../pipeline/text.js';
import { ParcelTimeline } from '../pipeline/ParcelTimeline.js';

const Chart = lazy(() => import('../components/Chart.js'));
type Overview = z.output<typeof pipelineOverviewSchema>;
const PAGE = 20;

export default function PipelinePage() {
  const { lang, pick } = useI18n();
  const { plans } = usePlans();
  const jurisdiction = plans?.[0]?.jurisdictionCode ?? null;
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [parcel, setParcel] = useState<number | null>(null);
  const { data, error } = useApi<Overview>(jurisdiction ? `/api/pipeline?jurisdiction=${jurisdiction}&limit=${PAGE}&offset=${(page - 1) * PAGE}&r=${reload}` : null);
  const funnel = useMemo(() => {
    if (!data) return null;
    const steps = data.funnels.grant;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: steps.map((s) => STEP_LABELS[s.step as keyof typeof STEP_LABELS]?.[lang] ?? s.step) },
      series: [{ type: 'bar', data: steps.map((s) => s.reached), label: { show: true, position: 'right' } }],
    };
  }, [data, lang]);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (plans && plans.length === 0) return <Empty />;
  if (!data || !funnel) return <Skeleton active />;
  const alloc = data.funnels.allocation;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="pipeline-page">
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>{P.pipeline[lang]}</Typography.Title>
        <Tag>{P.asOf[lang]} {data.asOf}</Tag>
        <Tag>{data.ruleSet}</Tag>
        <Button href={`/api/reports/monthly?jurisdiction=${data.jurisdictionCode}&month=${data.asOf.slice(0, 7)}`} data-testid="monthly-report">{P.monthlyReport[lang]}</Button>
      </Space>
      {data.notComputed.length > 0 && <Alert type="warning" showIcon title={`${lang === 'zh' ? '规则集未配置，未计算' : 'not computed (rule set lacks)'}: ${data.notComputed.join(', ')}`} />}
      <Row gutter={16}>
        <Col xs={12} md={6}><Card><Statistic title={P.parcels[lang]} value={data.parcels} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={P.reserveParcels[lang]} value={data.reserve} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={P.overdue[lang]} value={data.itemsTotal} data-testid="overdue-total" valueStyle={{ color: data.itemsTotal ? '#cf1322' : undefined }} /></Card></Col>
        <Col xs={12} md={6}><Card><Statistic title={P.dueThisMonth[lang]} value={data.dueThisMonthTotal} /></Card></Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${P.funnel[lang]}（${P.grant[lang]}）`}>
            <Suspense fallback={<Skeleton active />}><Chart option={funnel} testId="pipeline-funnel" /></Suspense>
            <Typography.Text type="secondary">{P.allocation[lang]}：{alloc.map((s) => `${STEP_LABELS[s.step as keyof typeof STEP_LABELS]?.[lang] ?? s.step} ${s.reached}`).join(' · ')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={P.dueThisMonth[lang]}>
            <Table size="small" data-testid="due-this-month" rowKey={(r) => `${r.parcelId}-${r.instalmentNo}`} pagination={{ pageSize: 8 }} dataSource={[...data.dueThisMonth]}
              onRow={(r) => ({ onClick: () => setParcel(r.parcelId), style: { cursor: 'pointer' } })}
              columns={[
                { title: P.parcel[lang], render: (_v, r) => r.parcelNumber ?? r.parcelId },
                { title: '#', dataIndex: 'instalmentNo' },
                { title: P.dueDate[lang], dataIndex: 'dueDate' },
                { title: P.amount[lang], dataIndex: 'amountWanYuan', align: 'right', className: 'lp-num' },
                { title: P.outstanding[lang], dataIndex: 'outstandingWanYuan', align: 'right', className: 'lp-num' },
              ]} />
            <Typography.Text type="secondary">
              {P.idleCases[lang]}：{P.investigating[lang]} {data.idleCases.investigating} · {P.determined[lang]} {data.idleCases.determined} · {P.disposed[lang]} {Object.values(data.idleCases.disposed).reduce((a, b) => a + b, 0)}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={P.overdue[lang]}>
        <Table size="small" data-testid="overdue-list" rowKey={(r, i) => `${r.parcelId}-${r.rule}-${r.instalmentNo ?? ''}-${i}`} dataSource={[...data.items]}
          onRow={(r) => ({ onClick: () => setParcel(r.parcelId), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: PAGE, total: data.itemsTotal, showSizeChanger: false, onChange: setPage }}
          columns={[
            { title: P.parcel[lang], render: (_v, r) => r.parcelNumber ?? r.parcelId },
            { title: P.rule[lang], render: (_v, r) => <><Tag color={ITEM_KIND[r.kind].color}>{ITEM_KIND[r.kind][lang]}</Tag>{pick(r.title)}</> },
            { title: P.dueDate[lang], dataIndex: 'dueDate' },
            { title: P.days[lang], dataIndex: 'days', align: 'right', className: 'lp-num' },
            { title: lang === 'zh' ? '说明' : 'Detail', render: (_v, r) => pick(r.message) },
            { title: P.basis[lang], render: (_v, r) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.basis}（{r.confidence}）</Typography.Text> },
            { title: P.evidence[lang], render: (_v, r) => r.evidence.documents.map((d) => `${d.kind} ${d.number}`).join('；') },
          ]} />
      </Card>
      <Card size="small" title={P.execution[lang]}>
        <Table size="small" pagination={false} rowKey="key" dataSource={[...data.execution.byMonth]} data-testid="execution-by-month"
          columns={[{ title: lang === 'zh' ? '月份' : 'Month', dataIndex: 'key' }, { title: lang === 'zh' ? '宗数' : 'Parcels', dataIndex: 'count', align: 'right' }, { title: lang === 'zh' ? '面积（公顷）' : 'Area (ha)', dataIndex: 'areaHa', align: 'right', className: 'lp-num' }, { title: P.price[lang], dataIndex: 'priceWanYuan', align: 'right', className: 'lp-num' }]} />
      </Card>
      <Typography.Text type="secondary">{pick(data.calendar.description)}</Typography.Text>
      <Drawer open={parcel !== null} onClose={() => setParcel(null)} size="large" title={P.timeline[lang]}>
        {parcel !== null && <ParcelTimeline parcelId={parcel} onChanged={() => setReload((n) => n + 1)} />}
      </Drawer>
    </Space>
  );
}
