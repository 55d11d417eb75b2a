import { Space, Typography } from 'antd';
import { useI18n } from '../i18n.js';

/** Colours shared with ParcelMap (kept here so the legend does not pull OpenLayers in). */
export const STATUS_COLOURS: Record<string, string> = { available: '#8c8c8c', supplied: '#1677ff', started: '#fa8c16', completed: '#52c41a' };
export const CATEGORY_COLOURS: Record<string, string> = {
  residential: '#faad14',
  commercial: '#f5222d',
  industrialStorage: '#8c564b',
  industrial: '#8c564b',
  storage: '#a0522d',
  publicServices: '#eb2f96',
  education: '#eb2f96',
  publicUtilities: '#13c2c2',
  transport: '#595959',
  water: '#1677ff',
  special: '#722ed1',
};

const STATUS_NAMES: Record<string, { zh: string; en: string }> = {
  available: { zh: '待供应', en: 'available' },
  supplied: { zh: '已供应', en: 'supplied' },
  started: { zh: '已开工', en: 'started' },
  completed: { zh: '已竣工', en: 'completed' },
};
const CATEGORY_NAMES: Record<string, { zh: string; en: string }> = {
  residential: { zh: '住宅', en: 'residential' },
  commercial: { zh: '商服', en: 'commercial' },
  industrial: { zh: '工业', en: 'industrial' },
  storage: { zh: '仓储', en: 'storage' },
  education: { zh: '教育', en: 'education' },
  publicUtilities: { zh: '公用设施', en: 'utilities' },
  transport: { zh: '交通', en: 'transport' },
  special: { zh: '特殊', en: 'special' },
};

export function Legend({ colourBy }: { colourBy: 'status' | 'category' }) {
  const { pick } = useI18n();
  const names = colourBy === 'status' ? STATUS_NAMES : CATEGORY_NAMES;
  const colours = colourBy === 'status' ? STATUS_COLOURS : CATEGORY_COLOURS;
  return (
    <Space wrap size="middle" style={{ marginTop: 8 }} data-testid="map-legend">
      {Object.entries(names).map(([k, n]) => (
        <Space key={k} size={4}>
          <span style={{ display: 'inline-block', width: 12, height: 12, background: colours[k], opacity: 0.7, border: `1px solid ${colours[k]}` }} />
          <Typography.Text style={{ fontSize: 12 }}>{pick(n)}</Typography.Text>
        </Space>
      ))}
    </Space>
  );
}
