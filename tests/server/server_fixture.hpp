// A small index for the server tests, built with engine::Indexer from XML fixtures.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "medsearch/engine/index/index_reader.hpp"
#include "medsearch/engine/index/indexer.hpp"
#include "support/pubmed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace medsearch::server {

inline std::string fixture_author(const std::string& last, const std::string& initials) {
  return "<AuthorList><Author><LastName>" + last + "</LastName><Initials>" + initials + "</Initials></Author></AuthorList>";
}

inline std::string fixture_mesh(const std::string& name) {
  return "<MeshHeadingList><MeshHeading><DescriptorName UI=\"D1\" MajorTopicYN=\"Y\">" + name +
         "</DescriptorName></MeshHeading></MeshHeadingList>";
}

inline std::unique_ptr<engine::IndexReader> build_fixture_index(const testing::TempDir& tmp) {
  std::vector<testing::FixtureCitation> docs = {
      {"101", "Deep brain stimulation in Parkinson disease", 2015, "eng",
       "Subthalamic deep brain stimulation improves motor symptoms of Parkinson disease in advanced patients."},
      {"102", "Deep brain stimulation for dystonia and tremor", 2018, "eng",
       "Pallidal deep brain stimulation reduces dystonia; thalamic stimulation reduces tremor in patients."},
      {"103", "Interleukin-6 in severe asthma", 2010, "fre", "IL-6 levels rise in severe asthma exacerbations."},
      {"104", "Asthma in children: a review", 2020, "eng", "We review pediatric asthma treatment & <inhaled> steroids."},
      {"105", "Stimulation protocols", 2012, "eng", ""},
      {"106", "Beta-blockers after myocardial infarction", 2016, "eng", "Beta-blockers reduce mortality after infarction."},
      {"107", "Motor symptoms of Parkinson disease treated with levodopa", 2019, "eng",
       "Levodopa improves motor symptoms of Parkinson disease; stimulation is an alternative."},
  };
  docs[0].article_xml = fixture_author("Smith", "JA") + "<ELocationID EIdType=\"doi\" ValidYN=\"Y\">10.1000/dbs.2015</ELocationID>";
  docs[0].citation_xml = fixture_mesh("Parkinson Disease");
  docs[3].publication_type = "Review";
  docs[3].journal = "Pediatrics";
  const std::string dir = tmp.file("idx");
  engine::Indexer(dir, {}).ingest({tmp.write("a.xml", testing::pubmed_xml(docs))}, nullptr, nullptr);
  return std::make_unique<engine::IndexReader>(dir);
}

}  // namespace medsearch::server
