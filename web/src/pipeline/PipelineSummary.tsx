/** The dashboard's view of the pipeline: contracts signed this year (execution from the journals), overdue items, payments due this month. */
import { Card, Col, Row, Statistic } from 'antd';
import type { z } from 'zod';
import type { pipelineOverviewSchema } from '../../../src/server/pipeline-schemas.js';
import { useI18n } from '../i18n.js';
import { useApi } from '../usePlan.js';
import { navigate } from '../router.js';
import { P } from './text.js';

type Overview = z.output<typeof pipelineOverviewSchema>;

export function PipelineSummary({ jurisdiction }: { jurisdiction: string }) {
  const { lang } = useI18n();
  const { data } = useApi<Overview>(`/api/pipeline?jurisdiction=${jurisdiction}&limit=1`);
  if (!data || data.parcels === 0) return null;
  const contracts = data.execution.byMonth.reduce((a, l) => a + l.count, 0);
  const area = data.execution.byMonth.reduce((a, l) => a + Number(l.areaHa), 0);
  const overdue = data.items.length === 0 && data.itemsTotal === 0 ? 0 : Object.entries(data.counts).reduce((a, [, n]) => a + n, 0);
  return (
    <Card size="small" title={`${P.pipeline[lang]} · ${P.asOf[lang]} ${data.asOf}`} extra={<a onClick={() => navigate('/pipeline')}>{P.pipeline[lang]} →</a>} data-testid="dashboard-pipeline">
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={lang === 'zh' ? '本年签订合同/划拨决定（宗）' : 'Contracts this year'} value={contracts} data-testid="pipeline-contracts" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={lang === 'zh' ? '合同面积（公顷）' : 'Contracted area (ha)'} value={area.toFixed(2)} data-testid="pipeline-area" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={P.overdue[lang]} value={overdue} valueStyle={{ color: overdue ? '#cf1322' : undefined }} data-testid="pipeline-overdue" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={P.dueThisMonth[lang]} value={data.dueThisMonthTotal} data-testid="pipeline-due" />
        </Col>
      </Row>
    </Card>
  );
}
