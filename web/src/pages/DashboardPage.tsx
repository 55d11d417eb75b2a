import { lazy, Suspense, useMemo } from 'react';
import { Alert, Card, Col, Empty, List, Progress, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { BreakdownLineDto, DashboardDto } from '../../../src/server/schemas.js';
import { useI18n } from '../i18n.js';
import { fmtHa, useApi, useSelectedPlan } from '../usePlan.js';
import { PipelineSummary } from '../pipeline/PipelineSummary.js';

const Chart = lazy(() => import('../components/Chart.js'));

function BreakdownTable({ lines, testId }: { lines: readonly BreakdownLineDto[]; testId: string }) {
  const { t, pick } = useI18n();
  return (
    <Table
      data-testid={testId}
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={[...lines]}
      columns={[
        { title: '', key: 'label', render: (_v, r) => pick(r.label) },
        { title: `${t('cap')}（${t('hectares')}）`, key: 'plan', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.planHa) },
        { title: `${t('supplied')}（${t('hectares')}）`, key: 'sup', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.suppliedHa) },
        {
          title: t('executionRate'),
          key: 'rate',
          width: 160,
          render: (_v, r) => (r.ratePercent === null ? '—' : <Progress percent={Number(r.ratePercent)} size="small" format={() => `${r.ratePercent}%`} />),
        },
      ]}
    />
  );
}

function barOption(lines: readonly BreakdownLineDto[], pick: (b: { zh: string; en: string }) => string, names: [string, string]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'category', data: lines.map((l) => pick(l.label)), axisLabel: { interval: 0, rotate: lines.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', name: 'ha' },
    series: [
      ...(lines.some((l) => l.planHa !== null) ? [{ name: names[0], type: 'bar', data: lines.map((l) => (l.planHa === null ? null : Number(l.planHa))) }] : []),
      { name: names[1], type: 'bar', data: lines.map((l) => Number(l.suppliedHa)) },
    ],
  };
}

export default function DashboardPage() {
  const { t, pick } = useI18n();
  const { plans, error, planId, setPlanId } = useSelectedPlan();
  const { data, error: loadError } = useApi<DashboardDto>(planId === null ? null : `/api/plans/${planId}/dashboard`);
  const names: [string, string] = [t('cap'), t('supplied')];
  const charts = useMemo(() => {
    if (!data) return null;
    return {
      category: barOption(data.byCategory, pick, names),
      district: barOption(data.byDistrict, pick, names),
      method: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [{ type: 'pie', radius: ['35%', '65%'], data: data.byMethod.map((l) => ({ name: pick(l.label), value: Number(l.suppliedHa) })) }],
      },
      month: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: 'category', data: data.byMonth.map((m) => m.month) },
        yAxis: { type: 'value', name: 'ha' },
        series: [
          { name: t('supplied'), type: 'bar', data: data.byMonth.map((m) => Number(m.suppliedHa)) },
          { name: t('cumulative'), type: 'line', data: data.byMonth.map((m) => Number(m.cumulativeHa)) },
        ],
      },
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, pick]);
  if (error || loadError) return <Alert type="error" showIcon title={error ?? loadError} />;
  if (plans && plans.length === 0) return <Empty />;
  if (!data || !charts) return <Skeleton active />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="plan-name">
          {data.plan.name}
        </Typography.Title>
        {plans && plans.length > 1 && (
          <Select value={planId} onChange={setPlanId} options={plans.map((p) => ({ value: p.id, label: p.name }))} style={{ minWidth: 240 }} />
        )}
        {data.demoSupplyCount > 0 && (
          <Tag color="orange" data-testid="demo-tag">
            {t('demoData')}: {data.demoSupplyCount}/{data.supplyCount}
          </Tag>
        )}
      </Space>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={`${t('planTotal')}（${t('hectares')}）`} value={fmtHa(data.totalHa)} data-testid="stat-total" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={`${t('supplied')}（${t('hectares')}）`} value={fmtHa(data.suppliedHa)} data-testid="stat-supplied" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={`${t('remaining')}（${t('hectares')}）`} value={fmtHa(data.remainingHa)} data-testid="stat-remaining" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t('executionRate')} value={`${data.executionRatePercent}%`} data-testid="stat-rate" />
            <Progress percent={Number(data.executionRatePercent)} showInfo={false} size="small" />
          </Card>
        </Col>
      </Row>
      <PipelineSummary jurisdiction={data.plan.jurisdictionCode} />
      <Card title={t('alerts')} size="small">
        {data.alerts.length === 0 ? (
          <Typography.Text type="secondary">{t('noAlerts')}</Typography.Text>
        ) : (
          <List
            size="small"
            data-testid="alerts"
            dataSource={data.alerts}
            renderItem={(a) => (
              <List.Item>
                <Alert style={{ width: '100%' }} type={a.severity === 'info' ? 'info' : a.severity} showIcon title={pick(a.message)} />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Suspense fallback={<Skeleton active />}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('byCategory')} size="small">
              <Chart option={charts.category} testId="chart-category" />
              <BreakdownTable lines={data.byCategory} testId="table-category" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('byDistrict')} size="small">
              <Chart option={charts.district} testId="chart-district" />
              <BreakdownTable lines={data.byDistrict} testId="table-district" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('byMethod')} size="small">
              <Chart option={charts.method} testId="chart-method" />
              <BreakdownTable lines={data.byMethod} testId="table-method" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('byMonth')} size="small">
              <Chart option={charts.month} testId="chart-month" />
            </Card>
          </Col>
        </Row>
      </Suspense>
    </Space>
  );
}
