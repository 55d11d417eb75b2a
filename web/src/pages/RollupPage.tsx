/**
 * Roll-up (上级汇总) of the nation, a province or a prefecture for a plan year: on-time
 * publication, plan against execution by use and method, overdue and idle land, and the units
 * below on a map coloured by execution rate, each a link one level down (a county opens its
 * reported plans and parcels). Every figure comes from /api/rollup; nothing is summed here.
 */
import { useEffect, useState } from 'react';
import { Alert, Breadcrumb, Card, Col, Empty, Progress, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { RollupDto } from '../../../src/server/routes/rollup.js';
import { get } from '../api.js';
import { useI18n } from '../i18n.js';
import { navigate } from '../router.js';
import { fmtHa, useApi } from '../usePlan.js';
import { UnitMap } from '../components/UnitMap.js';

type Lang = 'zh' | 'en';
const L = {
  title: { zh: '上级汇总', en: 'Roll-up' },
  nation: { zh: '全国', en: 'Nation' },
  year: { zh: '计划年度', en: 'Plan year' },
  planned: { zh: '计划供应（公顷）', en: 'Planned (ha)' },
  supplied: { zh: '已供应（公顷）', en: 'Supplied (ha)' },
  rate: { zh: '执行率', en: 'Execution' },
  reporting: { zh: '县级单位上报', en: 'Counties reporting' },
  lastReported: { zh: '最近上报', en: 'Last reported' },
  publication: { zh: '计划公布（3月31日前）', en: 'Plans published (by 31 March)' },
  onTime: { zh: '按时公布', en: 'On time' },
  late: { zh: '逾期公布', en: 'Late' },
  unpublished: { zh: '未公布', en: 'Not published' },
  missing: { zh: '未上报计划', en: 'No plan reported' },
  unstarted: { zh: '动工逾期与闲置土地', en: 'Overdue starts and idle land' },
  overdue: { zh: '超过约定开工日期未动工', en: 'Agreed start passed, not started' },
  idle: { zh: '满一年未动工（闲置）', en: 'Idle one year' },
  recoverable: { zh: '满两年未动工（可收回）', en: 'Idle two years (recoverable)' },
  parcels: { zh: '宗', en: 'parcels' },
  byCategory: { zh: '按用途：计划与执行', en: 'By use: plan and execution' },
  byMethod: { zh: '按供应方式：计划与执行', en: 'By method: plan and execution' },
  map: { zh: '下级单位执行率', en: 'Execution rate of the units below' },
  children: { zh: '下级单位', en: 'Units below' },
  unit: { zh: '单位', en: 'Unit' },
  plans: { zh: '计划', en: 'Plans' },
  notReported: { zh: '尚无任何县级单位上报', en: 'No county has reported yet' },
  records: { zh: '供地记录', en: 'supply records' },
  asOf: { zh: '截至', en: 'as of' },
} as const;

function RateBar({ rate }: { rate: string | null }) {
  return rate === null ? <span>—</span> : <Progress percent={Math.min(100, Number(rate))} size="small" format={() => `${rate}%`} />;
}

function unitPath(code: string, level: string): string {
  return level === 'county' ? `/reported/${code}` : `/rollup/${code}`;
}

export default function RollupPage({ path }: { path: string }) {
  const { lang, pick } = useI18n();
  const l = (k: keyof typeof L) => L[k][lang as Lang];
  const fromPath = /^\/rollup\/(\d{6})/.exec(path)?.[1] ?? null;
  const [home, setHome] = useState<string | null>(fromPath);
  const [homeError, setHomeError] = useState<string | null>(null);
  const [year, setYear] = useState<number | null>(null);
  useEffect(() => {
    if (fromPath !== null) {
      setHome(fromPath);
      return;
    }
    // Without a unit in the address, open the widest unit the account's grants cover.
    get<{ units: { code: string }[] }>('/api/rollup').then(
      (r) => (r.units[0] ? navigate(`/rollup/${r.units[0].code}`) : setHomeError(lang === 'zh' ? '当前账号未被授权任何单位' : 'the account is granted no unit')),
      (e: unknown) => setHomeError(e instanceof Error ? e.message : String(e)),
    );
  }, [fromPath, lang]);
  const { data, error } = useApi<RollupDto>(home === null ? null : `/api/rollup/${home}${year !== null ? `?year=${year}` : ''}`);
  if (homeError || error) return <Alert type="error" showIcon title={homeError ?? error} />;
  if (!data || data.unit.code !== home) return <Skeleton active />;
  const childColumns = [
    { title: l('unit'), key: 'name', render: (_v: unknown, r: RollupDto['children'][number]) => <a onClick={() => navigate(unitPath(r.code, r.level))}>{r.name}</a> },
    { title: l('planned'), key: 'p', align: 'right' as const, className: 'lp-num', render: (_v: unknown, r: RollupDto['children'][number]) => fmtHa(r.planned.ha) },
    { title: l('supplied'), key: 's', align: 'right' as const, className: 'lp-num', render: (_v: unknown, r: RollupDto['children'][number]) => fmtHa(r.supplied.ha) },
    { title: l('rate'), key: 'r', width: 170, render: (_v: unknown, r: RollupDto['children'][number]) => <RateBar rate={r.rate} /> },
    { title: l('plans'), key: 'n', align: 'right' as const, render: (_v: unknown, r: RollupDto['children'][number]) => r.plans },
    { title: l('onTime'), key: 'o', align: 'right' as const, render: (_v: unknown, r: RollupDto['children'][number]) => r.publishedOnTime },
  ];
  const breakdown = (rows: RollupDto['byCategory'], testId: string) => (
    <Table
      data-testid={testId}
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      columns={[
        { title: '', key: 'label', render: (_v, r) => pick(r.label) },
        { title: l('planned'), key: 'p', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.planned.ha) },
        { title: l('supplied'), key: 's', align: 'right', className: 'lp-num', render: (_v, r) => fmtHa(r.supplied.ha) },
        { title: l('rate'), key: 'r', width: 170, render: (_v, r) => <RateBar rate={r.rate} /> },
      ]}
    />
  );
  const count = (x: { parcels: number; area: { ha: string } }) => `${x.parcels} ${l('parcels')} · ${fmtHa(x.area.ha)} ha`;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb
        data-testid="rollup-breadcrumb"
        items={[...data.ancestry, data.unit].map((u) => ({ title: u.code === data.unit.code ? u.name : <a onClick={() => navigate(`/rollup/${u.code}`)}>{u.code === '000000' ? l('nation') : u.name}</a> }))}
      />
      <Space align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="rollup-unit">
          {data.unit.code === '000000' ? l('nation') : data.unit.name} · {l('title')}
        </Typography.Title>
        <span>{l('year')}</span>
        <Select data-testid="rollup-year" value={data.year} onChange={(v: number) => setYear(v)} options={(data.years.length > 0 ? data.years : [data.year]).map((y) => ({ value: y, label: String(y) }))} style={{ width: 100 }} />
        <Typography.Text type="secondary">
          {l('asOf')} {data.asOf}
        </Typography.Text>
      </Space>
      {data.reporting.reported === 0 && <Alert type="info" showIcon title={l('notReported')} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={l('planned')} value={fmtHa(data.totals.planned.ha)} data-testid="rollup-planned" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={l('supplied')} value={fmtHa(data.totals.supplied.ha)} data-testid="rollup-supplied" />
            <Typography.Text type="secondary">
              {data.totals.records} {l('records')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={l('rate')} value={data.totals.rate === null ? '—' : `${data.totals.rate}%`} data-testid="rollup-rate" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={l('reporting')} value={`${data.reporting.reported} / ${data.counties}`} data-testid="rollup-reporting" />
            <Typography.Text type="secondary">
              {l('lastReported')} {data.reporting.lastReportedAt ? new Date(Date.parse(data.reporting.lastReportedAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '—'}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={l('publication')} size="small" data-testid="rollup-publication">
            <Space wrap>
              <Tag color="green">
                {l('onTime')} {data.publication.onTime}
              </Tag>
              <Tag color="orange">
                {l('late')} {data.publication.late}
              </Tag>
              <Tag>
                {l('unpublished')} {data.publication.unpublished}
              </Tag>
              <Tag color="red">
                {l('missing')} {data.publication.missing}
              </Tag>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={l('unstarted')} size="small" data-testid="rollup-unstarted">
            <Space direction="vertical" size={2}>
              <span>
                {l('overdue')}：{count(data.unstarted.overdue)}
              </span>
              <span>
                {l('idle')}：{count(data.unstarted.idle)}
              </span>
              <span>
                {l('recoverable')}：{count(data.unstarted.recoverable)}
              </span>
            </Space>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={l('byCategory')} size="small">
            {breakdown(data.byCategory, 'rollup-by-category')}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={l('byMethod')} size="small">
            {breakdown(data.byMethod, 'rollup-by-method')}
          </Card>
        </Col>
      </Row>
      {data.children.length > 0 ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card title={l('map')} size="small">
              <UnitMap
                testId="rollup-map"
                lang={lang as Lang}
                units={data.children.map((c) => ({ code: c.code, name: c.name, rate: c.rate, plannedHa: c.planned.ha, extent: c.extent }))}
                onPick={(code) => navigate(unitPath(code, data.children.find((c) => c.code === code)?.level ?? 'province'))}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={l('children')} size="small">
              <Table data-testid="rollup-children" size="small" rowKey="code" dataSource={data.children} columns={childColumns} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
            </Card>
          </Col>
        </Row>
      ) : (
        <Empty />
      )}
    </Space>
  );
}
