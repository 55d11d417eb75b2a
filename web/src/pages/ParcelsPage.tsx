import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert, Card, Checkbox, Col, Descriptions, Drawer, Input, Row, Segmented, Select, Skeleton, Space, Table, Tag } from 'antd';
import type { FindingDto, ParcelCollectionDto, ParcelPropertiesDto, PlanDetailDto } from '../../../src/server/schemas.js';
import { get } from '../api.js';
import { Findings } from '../components/Findings.js';
import { useI18n } from '../i18n.js';
import { fmtHa, useSelectedPlan } from '../usePlan.js';
import type { ColourBy } from '../components/ParcelMap.js';
import { Legend } from '../components/Legend.js';
import { ParcelTimeline } from '../pipeline/ParcelTimeline.js';

const ParcelMap = lazy(() => import('../components/ParcelMap.js'));

const STATUS = {
  available: { zh: '待供应', en: 'available', color: 'default' },
  supplied: { zh: '已供应', en: 'supplied', color: 'blue' },
  started: { zh: '已开工', en: 'started', color: 'orange' },
  completed: { zh: '已竣工', en: 'completed', color: 'green' },
} as const;
const LAYERS = [
  { value: 'district', zh: '片区', en: 'districts' },
  { value: 'urbanBoundary', zh: '城镇开发边界', en: 'urban development boundary' },
  { value: 'farmland', zh: '永久基本农田', en: 'permanent basic farmland' },
  { value: 'ecology', zh: '生态保护红线', en: 'ecological red line' },
];

interface ParcelDetail {
  readonly parcel: ParcelPropertiesDto & Record<string, unknown>;
  readonly findings: FindingDto[];
}

export default function ParcelsPage() {
  const { t, lang, pick } = useI18n();
  const { planId } = useSelectedPlan();
  const [plan, setPlan] = useState<PlanDetailDto | null>(null);
  const [filters, setFilters] = useState<{ district?: string; category?: string; status?: string; q?: string }>({});
  const [page, setPage] = useState(1);
  const [table, setTable] = useState<ParcelCollectionDto | null>(null);
  const [mapData, setMapData] = useState<ParcelCollectionDto | null>(null);
  const [layers, setLayers] = useState<object | null>(null);
  const [visible, setVisible] = useState<string[]>(['district', 'urbanBoundary', 'farmland', 'ecology']);
  const [colourBy, setColourBy] = useState<ColourBy>('status');
  const [selected, setSelected] = useState<number | null>(null);
  const [detail, setDetail] = useState<ParcelDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown): void => setError(e instanceof Error ? e.message : String(e));

  useEffect(() => {
    if (planId !== null) get<PlanDetailDto>(`/api/plans/${planId}`).then(setPlan, fail);
  }, [planId]);
  useEffect(() => {
    get<object>('/api/layers').then(setLayers, () => setLayers(null));
  }, []);
  useEffect(() => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) qs.set(k, v);
    const pageQs = new URLSearchParams(qs);
    pageQs.set('geometry', 'false');
    pageQs.set('limit', '20');
    pageQs.set('offset', String((page - 1) * 20));
    get<ParcelCollectionDto>(`/api/parcels?${pageQs.toString()}`).then(setTable, fail);
    qs.set('limit', '3000');
    get<ParcelCollectionDto>(`/api/parcels?${qs.toString()}`).then(setMapData, fail);
  }, [filters, page]);
  useEffect(() => {
    if (selected === null) return;
    setDetail(null);
    get<ParcelDetail>(`/api/parcels/${selected}`).then(setDetail, fail);
  }, [selected]);

  const districtName = (id: string | null): string => (id === null ? '—' : (plan?.districts.find((d) => d.id === id)?.name ?? id));
  const setFilter = (k: keyof typeof filters, v: string | undefined): void => {
    setPage(1);
    setFilters((f) => ({ ...f, [k]: v || undefined }));
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      <Card size="small">
        <Space wrap>
          <Select allowClear placeholder={t('district')} style={{ width: 160 }} onChange={(v?: string) => setFilter('district', v)} options={plan?.districts.map((d) => ({ value: d.id, label: d.name })) ?? []} data-testid="filter-district" />
          <Select allowClear placeholder={t('use')} style={{ width: 200 }} onChange={(v?: string) => setFilter('category', v)} options={plan?.categories.map((c) => ({ value: c.category, label: pick(c.label) })) ?? []} />
          <Select allowClear placeholder={t('status')} style={{ width: 140 }} onChange={(v?: string) => setFilter('status', v)} options={Object.entries(STATUS).map(([k, s]) => ({ value: k, label: s[lang] }))} data-testid="filter-status" />
          <Input.Search allowClear placeholder={`${t('projectName')} / ${t('parcelNumber')}`} style={{ width: 240 }} onSearch={(v) => setFilter('q', v)} />
          <span>{t('colourBy')}</span>
          <Segmented value={colourBy} onChange={(v) => setColourBy(v === 'category' ? 'category' : 'status')} options={[{ value: 'status', label: t('status') }, { value: 'category', label: t('use') }]} />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Table
            data-testid="parcel-table"
            size="small"
            rowKey={(f) => f.id}
            dataSource={table?.features ?? []}
            loading={table === null}
            onRow={(f) => ({ onClick: () => setSelected(f.id), style: { cursor: 'pointer' } })}
            pagination={{ current: page, pageSize: 20, total: table?.total ?? 0, showSizeChanger: false, onChange: setPage, showTotal: (n) => `${t('total')} ${n}` }}
            columns={[
              { title: t('parcelNumber'), key: 'no', render: (_v, f) => f.properties.parcelNumber ?? '—' },
              { title: t('projectName'), key: 'name', render: (_v, f) => <>{f.properties.projectName ?? '—'} {f.properties.demo && <Tag color="orange">{t('demoData')}</Tag>}</> },
              { title: t('district'), key: 'd', render: (_v, f) => districtName(f.properties.district) },
              { title: t('use'), key: 'u', render: (_v, f) => (f.properties.categoryName ? pick(f.properties.categoryName) : '—') },
              { title: t('area'), key: 'a', align: 'right', className: 'lp-num', render: (_v, f) => fmtHa(f.properties.areaHa, 4) },
              { title: t('status'), key: 's', render: (_v, f) => <Tag color={STATUS[f.properties.status].color}>{STATUS[f.properties.status][lang]}</Tag> },
            ]}
          />
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={<Checkbox.Group value={visible} onChange={(v) => setVisible(v as string[])} options={LAYERS.map((l) => ({ value: l.value, label: l[lang] }))} />}>
            <Suspense fallback={<Skeleton active />}>
              <ParcelMap parcels={mapData} layers={layers} colourBy={colourBy} selectedId={selected} onSelect={setSelected} visibleLayers={visible} />
              <Legend colourBy={colourBy} />
            </Suspense>
          </Card>
        </Col>
      </Row>
      <Drawer open={selected !== null} onClose={() => setSelected(null)} title={t('details')} size="large" data-testid="parcel-drawer">
        {detail === null ? (
          <Skeleton active />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('parcelNumber')}>{detail.parcel.parcelNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('projectName')}>{detail.parcel.projectName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('location')}>{detail.parcel.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('district')}>{districtName(detail.parcel.district)}</Descriptions.Item>
              <Descriptions.Item label={t('use')}>{detail.parcel.categoryName ? pick(detail.parcel.categoryName) : '—'} {detail.parcel.useCode ? `(${detail.parcel.useCode})` : ''}</Descriptions.Item>
              <Descriptions.Item label={t('area')}>{fmtHa(detail.parcel.areaHa, 4)}</Descriptions.Item>
              <Descriptions.Item label={t('method')}>{detail.parcel.supplyMethodName ? `${pick(detail.parcel.supplyMethodName)} (${detail.parcel.supplyMethod ?? ''})` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('status')}>{STATUS[detail.parcel.status][lang]}</Descriptions.Item>
              <Descriptions.Item label={t('contractDate')}>{detail.parcel.contractDate ?? '—'}</Descriptions.Item>
            </Descriptions>
            {detail.parcel.demo && <Alert type="warning" showIcon title={t('demoData')} />}
            <Findings findings={detail.findings} testId="parcel-findings" />
            <ParcelTimeline parcelId={detail.parcel.id} />
          </Space>
        )}
      </Drawer>
    </Space>
  );
}
