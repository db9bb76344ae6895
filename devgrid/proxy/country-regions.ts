/**
 * The region of each country, as the grid's indexer stores it in its country table (the world
 * regions: Africa, Americas, Asia, Europe, Oceania, Antarctic). The proxy's `region` filter compares
 * it case-insensitively with the node's country; a country not listed here has no region.
 */

const REGIONS: Record<string, string> = {
  Africa:
    'Algeria,Angola,Benin,Botswana,Burkina Faso,Burundi,Cameroon,Cape Verde,Central African Republic,' +
    'Chad,Comoros,Congo,DR Congo,Djibouti,Egypt,Equatorial Guinea,Eritrea,Eswatini,Ethiopia,Gabon,' +
    'Gambia,Ghana,Guinea,Guinea-Bissau,Ivory Coast,Kenya,Lesotho,Liberia,Libya,Madagascar,Malawi,Mali,' +
    'Mauritania,Mauritius,Mayotte,Morocco,Mozambique,Namibia,Niger,Nigeria,Reunion,Rwanda,' +
    'Sao Tome and Principe,Senegal,Seychelles,Sierra Leone,Somalia,South Africa,South Sudan,Sudan,' +
    'Tanzania,Togo,Tunisia,Uganda,Western Sahara,Zambia,Zimbabwe',
  Americas:
    'Anguilla,Antigua and Barbuda,Argentina,Aruba,Bahamas,Barbados,Belize,Bermuda,Bolivia,Brazil,' +
    'Canada,Cayman Islands,Chile,Colombia,Costa Rica,Cuba,Curacao,Dominica,Dominican Republic,Ecuador,' +
    'El Salvador,French Guiana,Greenland,Grenada,Guadeloupe,Guatemala,Guyana,Haiti,Honduras,Jamaica,' +
    'Martinique,Mexico,Montserrat,Nicaragua,Panama,Paraguay,Peru,Puerto Rico,Saint Kitts and Nevis,' +
    'Saint Lucia,Saint Vincent and the Grenadines,Suriname,Trinidad and Tobago,United States,' +
    'Uruguay,Venezuela',
  Asia:
    'Afghanistan,Armenia,Azerbaijan,Bahrain,Bangladesh,Bhutan,Brunei,Cambodia,China,Cyprus,Georgia,' +
    'Hong Kong,India,Indonesia,Iran,Iraq,Israel,Japan,Jordan,Kazakhstan,Kuwait,Kyrgyzstan,Laos,' +
    'Lebanon,Macau,Malaysia,Maldives,Mongolia,Myanmar,Nepal,North Korea,Oman,Pakistan,Palestine,' +
    'Philippines,Qatar,Saudi Arabia,Singapore,South Korea,Sri Lanka,Syria,Taiwan,Tajikistan,Thailand,' +
    'Timor-Leste,Turkey,Turkmenistan,United Arab Emirates,Uzbekistan,Vietnam,Yemen',
  Europe:
    'Aland Islands,Albania,Andorra,Austria,Belarus,Belgium,Bosnia and Herzegovina,Bulgaria,Croatia,' +
    'Czechia,Denmark,Estonia,Faroe Islands,Finland,France,Germany,Gibraltar,Greece,Guernsey,Hungary,' +
    'Iceland,Ireland,Isle of Man,Italy,Jersey,Kosovo,Latvia,Liechtenstein,Lithuania,Luxembourg,Malta,' +
    'Moldova,Monaco,Montenegro,Netherlands,North Macedonia,Norway,Poland,Portugal,Romania,Russia,' +
    'San Marino,Serbia,Slovakia,Slovenia,Spain,Sweden,Switzerland,Ukraine,United Kingdom,Vatican City',
  Oceania:
    'American Samoa,Australia,Cook Islands,Fiji,French Polynesia,Guam,Kiribati,Marshall Islands,' +
    'Micronesia,Nauru,New Caledonia,New Zealand,Niue,Northern Mariana Islands,Palau,' +
    'Papua New Guinea,Samoa,Solomon Islands,Tonga,Tuvalu,Vanuatu',
  Antarctic: 'Antarctica,Bouvet Island,French Southern Territories,South Georgia',
};

const BY_COUNTRY = new Map<string, string>(
  Object.entries(REGIONS).flatMap(([region, list]) =>
    list.split(',').map((country) => [country.toLowerCase(), region] as [string, string]),
  ),
);

/** The region of a country by name (case-insensitive), '' when unknown. */
export function regionOf(country: string): string {
  return BY_COUNTRY.get(country.toLowerCase()) ?? '';
}
