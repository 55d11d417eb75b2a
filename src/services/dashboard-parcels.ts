/**
 * Parcel read model for the app's table and map (the queries live in store/repos/parcel-views.ts):
 * filters by jurisdiction scope, district, plan category, status and text, with a count.
 */
export { DEMO_SOURCE, parcelById, queryParcels, type ParcelFilter, type ParcelListItem, type ParcelStatus } from '../store/repos/parcel-views.js';
