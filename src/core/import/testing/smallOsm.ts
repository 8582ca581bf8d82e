// A small OSM XML town for tests: two crossing roads with a signal node, a footway, ways with
// missing or deleted nodes, a street lamp, a building way and a two-way building multipolygon.

export const SMALL_OSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <bounds minlat="47.32" minlon="5.04" maxlat="47.33" maxlon="5.05"/>
  <node id="1" lat="47.3200" lon="5.0400"/>
  <node id="2" lat="47.3200" lon="5.0410"><tag k="highway" v="traffic_signals"/></node>
  <node id="3" lat="47.3200" lon="5.0420"/>
  <node id="4" lat="47.3210" lon="5.0410"/>
  <node id="5" lat="47.3190" lon="5.0410"><tag k="highway" v="street_lamp"/><tag k="light:method" v="LED"/></node>
  <node id="6" lat="47.3205" lon="5.0430"/>
  <node id="7" lat="47.3205" lon="5.0432"/>
  <node id="8" lat="47.3207" lon="5.0432"/>
  <node id="9" lat="47.3207" lon="5.0430"/>
  <node id="10" lat="47.3220" lon="5.0440"/>
  <node id="11" lat="47.3220" lon="5.0442"/>
  <node id="12" lat="47.3222" lon="5.0442"/>
  <node id="13" lat="47.3222" lon="5.0440"/>
  <node id="14" lat="47.3230" lon="5.0450" action="delete"/>
  <way id="100">
    <nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="primary"/><tag k="name" v="Rue de la Liberté &amp; Co"/><tag k="maxspeed" v="FR:urban"/>
    <tag k="lanes" v="2"/><tag k="lit" v="yes"/>
  </way>
  <way id="101"><nd ref="4"/><nd ref="2"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
  <way id="102"><nd ref="3"/><nd ref="999"/><nd ref="6"/><tag k="highway" v="service"/></way>
  <way id="103"><nd ref="998"/><nd ref="1"/><tag k="highway" v="tertiary"/></way>
  <way id="104"><nd ref="1"/><nd ref="4"/><tag k="highway" v="footway"/></way>
  <way id="105"><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="9"/><nd ref="6"/>
    <tag k="building" v="apartments"/><tag k="height" v="12.5 m"/><tag k="building:levels" v="4"/></way>
  <way id="106"><nd ref="10"/><nd ref="11"/><nd ref="12"/></way>
  <way id="107"><nd ref="12"/><nd ref="13"/><nd ref="10"/></way>
  <way id="108"><nd ref="14"/><nd ref="1"/><tag k="highway" v="residential"/></way>
  <relation id="500">
    <member type="way" ref="106" role="outer"/><member type="way" ref="107" role="outer"/>
    <tag k="type" v="multipolygon"/><tag k="building" v="office"/><tag k="building:levels" v="6"/>
  </relation>
</osm>
`;
