// Runs a fuzz harness once over each input, without libFuzzer: the seed corpora and the
// regressions/ inputs in the normal (GCC) test suite. `replay_<target> EXT PATH...`: files
// are run as given, folders are walked for files ending in EXT (and every file of a
// regressions/ folder). A failing input aborts, after its name was printed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s EXT PATH...\n", argv[0]);
    return 64;
  }
  const std::string ext = argv[1];
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    const fs::path p = argv[i];
    if (!fs::is_directory(p)) {
      inputs.push_back(p);
      continue;
    }
    const bool regressions = p.filename() == "regressions" || p.parent_path().filename() == "regressions";
    for (const auto& e : fs::recursive_directory_iterator(p)) {
      if (!e.is_regular_file()) continue;
      if (regressions ? e.path().filename() != "README.md" : e.path().extension() == ext) inputs.push_back(e.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", p.c_str());
      return 3;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s\n", p.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%zu inputs, no failure\n", inputs.size());
  return 0;
}
