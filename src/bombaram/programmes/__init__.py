"""Programme teams (지역특화사업단): teams, cohorts, and later their contracts and outputs."""
