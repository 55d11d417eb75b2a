/**
 * OpenLayers map in CGCS2000 longitude/latitude (EPSG:4490): parcels and constraint layers, no
 * basemap (a closed network has none). Loaded lazily: OpenLayers is not in the first bundle.
 */
import { useEffect, useRef } from 'react';
import Map from 'ol/Map.js';
import View from 'ol/View.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import { defaults as defaultControls } from 'ol/control/defaults.js';
import { register } from 'ol/proj/proj4.js';
import proj4 from 'proj4';
import type { FeatureLike } from 'ol/Feature.js';
import 'ol/ol.css';
import { CATEGORY_COLOURS, STATUS_COLOURS } from './Legend.js';

proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs +type=crs');
register(proj4);

export type ColourBy = 'status' | 'category';

const LAYER_COLOURS: Record<string, string> = { farmland: '#389e0d', ecology: '#08979c', urbanBoundary: '#cf1322', district: '#531dab' };

function hexA(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

export interface ParcelMapProps {
  readonly parcels: object | null;
  readonly layers: object | null;
  readonly colourBy: ColourBy;
  readonly selectedId: number | null;
  readonly onSelect: (id: number) => void;
  readonly visibleLayers: readonly string[];
}

export default function ParcelMap({ parcels, layers, colourBy, selectedId, onSelect, visibleLayers }: ParcelMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<Map | null>(null);
  const parcelSource = useRef(new VectorSource());
  const layerSource = useRef(new VectorSource());
  const parcelLayer = useRef<VectorLayer<VectorSource> | null>(null);
  const constraintLayer = useRef<VectorLayer<VectorSource> | null>(null);
  const fitted = useRef(false);
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;

  useEffect(() => {
    if (!el.current) return;
    parcelLayer.current = new VectorLayer({ source: parcelSource.current });
    constraintLayer.current = new VectorLayer({ source: layerSource.current, opacity: 0.9 });
    const m = new Map({
      target: el.current,
      layers: [constraintLayer.current, parcelLayer.current],
      controls: defaultControls({ attribution: false }).extend([new ScaleLine()]),
      view: new View({ projection: 'EPSG:4490', center: [78.55, 39.78], zoom: 10 }),
    });
    m.on('singleclick', (evt) => {
      m.forEachFeatureAtPixel(
        evt.pixel,
        (f) => {
          const id = f.get('id') as unknown;
          if (typeof id === 'number') {
            selectRef.current(id);
            return true;
          }
          return false;
        },
        { layerFilter: (l) => l === parcelLayer.current },
      );
    });
    map.current = m;
    return () => m.setTarget(undefined);
  }, []);

  useEffect(() => {
    const fmt = new GeoJSON({ dataProjection: 'EPSG:4490', featureProjection: 'EPSG:4490' });
    parcelSource.current.clear();
    if (parcels) parcelSource.current.addFeatures(fmt.readFeatures(parcels));
    const extent = parcelSource.current.getExtent();
    if (extent && !fitted.current && parcelSource.current.getFeatures().length > 0 && map.current) {
      map.current.getView().fit(extent, { padding: [24, 24, 24, 24], maxZoom: 16 });
      fitted.current = true;
    }
  }, [parcels]);

  useEffect(() => {
    const fmt = new GeoJSON({ dataProjection: 'EPSG:4490', featureProjection: 'EPSG:4490' });
    layerSource.current.clear();
    if (layers) layerSource.current.addFeatures(fmt.readFeatures(layers));
  }, [layers]);

  useEffect(() => {
    parcelLayer.current?.setStyle((f: FeatureLike) => {
      const key = String(f.get(colourBy) ?? '');
      const base = (colourBy === 'status' ? STATUS_COLOURS[key] : CATEGORY_COLOURS[key]) ?? '#bfbfbf';
      const selected = f.get('id') === selectedId;
      return new Style({
        fill: new Fill({ color: hexA(base, selected ? 0.8 : 0.5) }),
        stroke: new Stroke({ color: selected ? '#000' : base, width: selected ? 3 : 1 }),
      });
    });
    constraintLayer.current?.setStyle((f: FeatureLike) => {
      const layer = String(f.get('layer'));
      if (!visibleLayers.includes(layer)) return undefined;
      const c = LAYER_COLOURS[layer] ?? '#000000';
      return new Style({
        fill: new Fill({ color: hexA(c, layer === 'district' ? 0 : 0.12) }),
        stroke: new Stroke({ color: c, width: 1.5, lineDash: layer === 'district' ? [6, 4] : undefined }),
        text: layer === 'district' ? new Text({ text: String(f.get('name')), fill: new Fill({ color: c }) }) : undefined,
      });
    });
  }, [colourBy, selectedId, visibleLayers]);

  return <div ref={el} className="lp-map" data-testid="parcel-map" />;
}
